package audit

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"
)

// ReadOptions tune how audit logs are read.
type ReadOptions struct {
	// MaxLineBytes bounds one line. A longer line is skipped and counted
	// as an error without being held in memory, so a corrupt or hostile
	// log cannot exhaust memory.
	MaxLineBytes int
	// Since and Until, when set, keep only events whose request arrived
	// in [Since, Until).
	Since, Until time.Time
	// Follow keeps reading the last file as it grows, across rotation,
	// until the context ends.
	Follow bool
	// PollInterval is how often a followed file is checked for new data.
	PollInterval time.Duration
	// Stdin is read for the path "-".
	Stdin io.Reader
}

// DefaultMaxLineBytes fits the largest object etcd stores (1.5 MiB by
// default) logged twice at RequestResponse level, with room to spare.
const DefaultMaxLineBytes = 16 << 20

// LineError is a line that is not an audit event, with where it is.
type LineError struct {
	File    string
	Line    int
	Message string
}

func (e LineError) Error() string { return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Message) }

// ReadStats counts what a read went through.
type ReadStats struct {
	Files    int
	Lines    int
	Events   int // events handed on
	Filtered int // events outside --since/--until
	Errors   int // lines that were not events
	Bytes    int64
}

// Handler receives each event read. The event and its raw objects are
// valid only during the call.
type Handler func(ev *Event)

// ErrorHandler receives each line that is not an event.
type ErrorHandler func(LineError)

// Read reads audit logs in time order: plain or gzip-compressed files
// (recognised by content, not by name), "-" for stdin. A rotated set
// (audit.log.2.gz, audit.log.1, audit.log) may be given in any order:
// files are read in the order of their first event's timestamp. With
// Follow the last file is tailed until ctx ends. Only a file that cannot
// be opened at all is an error; bad lines go to onErr.
func Read(ctx context.Context, paths []string, opts ReadOptions, handle Handler, onErr ErrorHandler) (ReadStats, error) {
	if opts.MaxLineBytes <= 0 {
		opts.MaxLineBytes = DefaultMaxLineBytes
	}
	if opts.PollInterval <= 0 {
		opts.PollInterval = 250 * time.Millisecond
	}
	ordered, err := orderByFirstEvent(paths, opts)
	if err != nil {
		return ReadStats{}, err
	}
	r := &lineReader{opts: opts, dec: NewDecoder(), handle: handle, onErr: onErr}
	for i, p := range ordered {
		if err := ctx.Err(); err != nil {
			return r.stats, err
		}
		follow := opts.Follow && i == len(ordered)-1 && p != "-"
		if err := r.readPath(ctx, p, follow); err != nil {
			return r.stats, err
		}
	}
	return r.stats, nil
}

// lineReader turns lines into events, with the state a read keeps across
// files: the decoder, counters and the scratch buffer for long lines.
type lineReader struct {
	opts   ReadOptions
	dec    *Decoder
	handle Handler
	onErr  ErrorHandler
	stats  ReadStats
	ev     Event
	long   []byte // a line longer than the bufio buffer, being assembled
}

func (r *lineReader) readPath(ctx context.Context, path string, follow bool) error {
	r.stats.Files++
	if path == "-" {
		if r.opts.Stdin == nil {
			return errors.New("-: no standard input")
		}
		return r.readStream(ctx, "-", r.opts.Stdin)
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	in, compressed, err := maybeGunzip(f)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if follow && !compressed {
		return r.follow(ctx, path, f)
	}
	return r.readStream(ctx, path, in)
}

// maybeGunzip returns a reader of the file's content, decompressed when
// it starts with the gzip magic number.
func maybeGunzip(f io.Reader) (io.Reader, bool, error) {
	br := bufio.NewReaderSize(f, 64<<10)
	magic, err := br.Peek(2)
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, false, err
	}
	if len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, false, fmt.Errorf("gzip: %w", err)
		}
		return bufio.NewReaderSize(zr, 64<<10), true, nil
	}
	return br, false, nil
}

// readStream reads a whole stream; a last line without a newline counts.
func (r *lineReader) readStream(ctx context.Context, name string, in io.Reader) error {
	br, ok := in.(*bufio.Reader)
	if !ok {
		br = bufio.NewReaderSize(in, 64<<10)
	}
	line := 0
	for {
		if line&1023 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		data, tooLong, err := r.nextLine(br)
		if err == nil || len(data) > 0 || tooLong {
			line++
			r.line(name, line, data, tooLong)
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: line %d: %w", name, line+1, err)
		}
	}
}

// nextLine returns the next line without its newline. A line over
// MaxLineBytes is consumed and dropped: tooLong is set and data is empty.
// At the end of the input err is io.EOF and data is what followed the
// last newline.
func (r *lineReader) nextLine(br *bufio.Reader) (data []byte, tooLong bool, err error) {
	r.long = r.long[:0]
	for {
		chunk, err := br.ReadSlice('\n')
		r.stats.Bytes += int64(len(chunk))
		if err == bufio.ErrBufferFull {
			if !tooLong && len(r.long)+len(chunk) <= r.opts.MaxLineBytes {
				r.long = append(r.long, chunk...)
			} else {
				tooLong, r.long = true, r.long[:0]
			}
			continue
		}
		if tooLong {
			return nil, true, err
		}
		if len(r.long) > 0 {
			r.long = append(r.long, chunk...)
			chunk = r.long
		}
		if len(chunk) > r.opts.MaxLineBytes {
			return nil, true, err
		}
		return bytes.TrimRight(chunk, "\r\n"), false, err
	}
}

// line handles one complete line.
func (r *lineReader) line(file string, n int, data []byte, tooLong bool) {
	r.stats.Lines++
	if tooLong {
		r.fail(file, n, fmt.Sprintf("line is longer than the limit of %d bytes (--max-line-bytes); skipped", r.opts.MaxLineBytes))
		return
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return // blank lines are not errors
	}
	if err := r.dec.Decode(data, &r.ev); err != nil {
		r.fail(file, n, err.Error())
		return
	}
	t := r.ev.Time()
	if (!r.opts.Since.IsZero() && t.Before(r.opts.Since)) || (!r.opts.Until.IsZero() && !t.Before(r.opts.Until)) {
		r.stats.Filtered++
		return
	}
	r.ev.File, r.ev.Line = file, n
	r.stats.Events++
	r.handle(&r.ev)
}

func (r *lineReader) fail(file string, n int, msg string) {
	r.stats.Errors++
	if r.onErr != nil {
		r.onErr(LineError{File: file, Line: n, Message: msg})
	}
}
