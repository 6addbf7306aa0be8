package audit

import (
	"bufio"
	"context"
	"io"
	"os"
	"time"
)

// follow reads path to its end and then keeps reading what is appended,
// like tail -F: when the path is renamed away and recreated (rotation by
// the API server's --audit-log-maxsize or by logrotate), the rest of the
// old file is read before the new one; when it is truncated in place
// (copytruncate), reading restarts at its top. It returns when ctx ends.
func (r *lineReader) follow(ctx context.Context, path string, f *os.File) error {
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	defer func() { f.Close() }()
	br := bufio.NewReaderSize(f, 64<<10)
	var (
		line    int
		offset  int64
		partial []byte // text after the last newline, waiting for the rest
		partLng bool   // partial outgrew MaxLineBytes and is being dropped
	)
	// readAvailable handles every complete line there is now. At the end
	// of the data an unfinished line is kept in partial.
	readAvailable := func() error {
		for {
			before := r.stats.Bytes
			data, tooLong, err := r.nextLine(br)
			offset += r.stats.Bytes - before
			if err != nil && err != io.EOF {
				return err
			}
			if err == io.EOF {
				if tooLong || len(partial)+len(data) > r.opts.MaxLineBytes {
					partial, partLng = partial[:0], true
				} else if !partLng {
					partial = append(partial, data...)
				}
				return nil
			}
			if len(partial) > 0 || partLng {
				tooLong = tooLong || partLng || len(partial)+len(data) > r.opts.MaxLineBytes
				if !tooLong {
					data = append(partial, data...)
				}
				partial, partLng = partial[:0], false
			}
			line++
			r.line(path, line, data, tooLong)
		}
	}
	// finish handles what is left when the file is done with.
	finish := func() {
		if len(partial) > 0 || partLng {
			line++
			r.line(path, line, partial, partLng)
		}
		partial, partLng = partial[:0], false
	}
	ticker := time.NewTicker(r.opts.PollInterval)
	defer ticker.Stop()
	for {
		if err := readAvailable(); err != nil {
			return err
		}
		select {
		case <-ctx.Done():
			return nil
		case <-ticker.C:
		}
		cur, err := os.Stat(path)
		if err != nil {
			continue // between rename and re-creation
		}
		open, err := f.Stat()
		if err != nil {
			return err
		}
		switch {
		case !os.SameFile(cur, open):
			// Rotated: what was appended before the rename is still to
			// be read from the old file.
			if err := readAvailable(); err != nil {
				return err
			}
			finish()
			nf, err := os.Open(path)
			if err != nil {
				continue
			}
			f.Close()
			f = nf
			br.Reset(f)
			line, offset = 0, 0
			r.stats.Files++
		case cur.Size() < offset:
			// Truncated in place: start again at the top.
			if _, err := f.Seek(0, io.SeekStart); err != nil {
				return err
			}
			br.Reset(f)
			partial, partLng = partial[:0], false
			line, offset = 0, 0
		}
	}
}
