package audit

import (
	"bufio"
	"cmp"
	"fmt"
	"os"
	"slices"
	"time"
)

// orderByFirstEvent sorts log files by the timestamp of their first event,
// so that a rotated set is read oldest first whatever the names. Files
// whose first lines hold no event (and stdin, which cannot be peeked)
// keep their argument order after the others.
func orderByFirstEvent(paths []string, opts ReadOptions) ([]string, error) {
	type keyed struct {
		path  string
		first time.Time
		index int
	}
	ks := make([]keyed, 0, len(paths))
	for i, p := range paths {
		k := keyed{path: p, index: i}
		if p != "-" {
			t, err := firstEventTime(p, opts.MaxLineBytes)
			if err != nil {
				return nil, err
			}
			k.first = t
		}
		ks = append(ks, k)
	}
	slices.SortStableFunc(ks, func(a, b keyed) int {
		switch {
		case a.first.IsZero() != b.first.IsZero():
			if a.first.IsZero() {
				return 1
			}
			return -1
		case !a.first.Equal(b.first):
			return a.first.Compare(b.first)
		}
		return cmp.Compare(a.index, b.index)
	})
	out := make([]string, len(ks))
	for i, k := range ks {
		out[i] = k.path
	}
	return out, nil
}

// peekLines is how many lines of a file are tried for a first event.
const peekLines = 100

// firstEventTime is the request time of the first decodable event among
// a file's first lines, zero if there is none.
func firstEventTime(path string, maxLine int) (time.Time, error) {
	f, err := os.Open(path)
	if err != nil {
		return time.Time{}, err
	}
	defer f.Close()
	in, _, err := maybeGunzip(f)
	if err != nil {
		return time.Time{}, fmt.Errorf("%s: %w", path, err)
	}
	r := &lineReader{opts: ReadOptions{MaxLineBytes: maxLine}, dec: NewDecoder()}
	br := bufio.NewReaderSize(in, 64<<10)
	var ev Event
	for range peekLines {
		data, tooLong, err := r.nextLine(br)
		if !tooLong && len(data) > 0 && r.dec.Decode(data, &ev) == nil {
			return ev.Time(), nil
		}
		if err != nil {
			return time.Time{}, nil // an unreadable tail shows up when the file is read
		}
	}
	return time.Time{}, nil
}
