package source

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
)

// Document is one YAML document of an input, before parsing. Kind and
// APIVersion are sniffed from top-level lines when they can be, so that a
// document no check looks at is counted without being parsed.
type Document struct {
	File       string
	Index      int // 0-based position among the file's documents
	Line       int // 1-based line of the document's first line in the file
	Data       []byte
	APIVersion string
	Kind       string
	// Skipped is set when the document was sniffed as a kind nobody wants;
	// Data is then not kept.
	Skipped bool
	Err     error
}

// sniffable says whether the sniffed apiVersion and kind can be trusted to
// skip a full parse: both seen once at column 0 and not a List.
func (d *Document) sniffable(apiSeen, kindSeen int) bool {
	return apiSeen == 1 && kindSeen == 1 && d.Kind != "" && d.APIVersion != "" && !isListKind(d.Kind)
}

func isListKind(kind string) bool { return len(kind) >= 4 && kind[len(kind)-4:] == "List" }

// splitter reads documents from a stream one line at a time, so memory is
// bounded by the largest document kept, not by the input size.
type splitter struct {
	r       *bufio.Reader
	file    string
	maxSize int
	wants   func(kind string) bool // nil: keep every document
	line    int                    // lines consumed so far
	index   int
	pending []byte // a "---" line that opens the next document
	done    bool
}

func newSplitter(r io.Reader, file string, maxSize int, wants func(string) bool) *splitter {
	return &splitter{r: bufio.NewReaderSize(r, 64<<10), file: file, maxSize: maxSize, wants: wants}
}

// ErrTooLarge marks a document over the size limit.
var ErrTooLarge = errors.New("document too large")

// next returns the next non-empty document, or io.EOF.
func (s *splitter) next() (*Document, error) {
	for !s.done {
		d, empty, err := s.read()
		if err != nil {
			return nil, err
		}
		if !empty {
			return d, nil
		}
	}
	return nil, io.EOF
}

// read consumes one document. empty reports a document holding only blank
// lines, comments and markers.
func (s *splitter) read() (d *Document, empty bool, err error) {
	d = &Document{File: s.file, Index: s.index, Line: s.line + 1}
	s.index++
	empty = true
	var buf []byte
	var apiSeen, kindSeen int
	size := 0
	if s.pending != nil {
		d.Line = s.line // the marker line was already counted
		buf = append(buf, s.pending...)
		size = len(s.pending)
		s.pending = nil
	}
	for {
		line, rerr := s.readLine()
		if len(line) == 0 && rerr == io.EOF {
			s.done = true
			break
		}
		if rerr != nil && rerr != io.EOF {
			return nil, false, fmt.Errorf("read %s: %w", s.file, rerr)
		}
		s.line++
		if isMarker(line, "---") {
			if !empty {
				s.pending = append([]byte(nil), line...)
				break
			}
			// a marker before any content opens this document
			buf = append(buf[:0], line...)
			size = len(line)
			d.Line = s.line
			continue
		}
		if isMarker(line, "...") {
			if !empty {
				break
			}
			continue
		}
		size += len(line)
		if empty && !blankOrComment(line) {
			empty = false
		}
		if d.Err == nil && !d.Skipped && size > s.maxSize {
			d.Err = fmt.Errorf("%w: more than %d bytes (raise --max-document-size if this is intended)", ErrTooLarge, s.maxSize)
			buf = nil
		}
		switch {
		case bytes.HasPrefix(line, []byte("kind:")):
			kindSeen++
			d.Kind = scalarValue(line[len("kind:"):])
		case bytes.HasPrefix(line, []byte("apiVersion:")):
			apiSeen++
			d.APIVersion = scalarValue(line[len("apiVersion:"):])
		}
		if d.Err == nil && !d.Skipped {
			buf = append(buf, line...)
			if s.wants != nil && d.sniffable(apiSeen, kindSeen) && !s.wants(d.Kind) {
				// Nobody wants this kind: stop keeping its bytes. If a later
				// line contradicts the sniff, keeping resumes below.
				d.Skipped = true
				buf = nil
			}
		} else if d.Skipped && !d.sniffable(apiSeen, kindSeen) {
			// A second kind: line: the sniff was wrong; the document is
			// reported as unparseable rather than silently skipped.
			d.Skipped = false
			d.Err = fmt.Errorf("document has several top-level kind or apiVersion lines")
		}
		if rerr == io.EOF {
			s.done = true
			break
		}
	}
	if d.Err != nil || d.Skipped {
		return d, empty, nil
	}
	d.Data = buf
	return d, empty, nil
}

// readLine returns the next line including its newline. Lines longer than
// the reader's buffer are assembled, but never beyond the document limit.
func (s *splitter) readLine() ([]byte, error) {
	line, err := s.r.ReadSlice('\n')
	if err != bufio.ErrBufferFull {
		return line, err
	}
	long := append([]byte(nil), line...)
	for err == bufio.ErrBufferFull {
		line, err = s.r.ReadSlice('\n')
		if len(long) <= s.maxSize {
			long = append(long, line...)
		}
	}
	return long, err
}

func isMarker(line []byte, m string) bool {
	if len(line) < 3 || string(line[:3]) != m {
		return false
	}
	return len(line) == 3 || line[3] == ' ' || line[3] == '\t' || line[3] == '\n' || line[3] == '\r'
}

func blankOrComment(line []byte) bool {
	t := bytes.TrimSpace(line)
	return len(t) == 0 || t[0] == '#'
}

// scalarValue reads a simple scalar after "key:": trims space, a trailing
// comment and one level of quotes. Anything unusual yields "" so the
// document falls back to a full parse.
func scalarValue(b []byte) string {
	b = bytes.TrimSpace(b)
	if i := bytes.Index(b, []byte(" #")); i >= 0 {
		b = bytes.TrimSpace(b[:i])
	}
	if len(b) >= 2 && (b[0] == '"' || b[0] == '\'') && b[len(b)-1] == b[0] {
		b = b[1 : len(b)-1]
	}
	for _, c := range b {
		if c == '"' || c == '\'' || c == '{' || c == '[' || c == '&' || c == '*' || c == '!' || c == '|' || c == '>' || c == ' ' {
			return ""
		}
	}
	return string(b)
}
