package source

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"sync"

	"golang.org/x/text/encoding/unicode"
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

func isListKind(kind string) bool { return len(kind) >= 4 && kind[len(kind)-4:] == "List" }

// splitter reads documents from a stream one line at a time, so memory is
// bounded by the largest document kept, not by the input size.
type splitter struct {
	r       *bufio.Reader
	pooled  *bufio.Reader // the reader taken from readerPool, returned at EOF
	file    string
	maxSize int
	wants   func(apiVersion, kind string) bool // nil: keep every document
	line    int                                // lines consumed so far
	index   int
	pending []byte // a "---" line that opens the next document
	done    bool
	// scratch collects the current document's bytes and is reused from one
	// document to the next: a skipped document costs a copy, no allocation.
	scratch []byte
	marker  []byte // backing store of pending, reused
}

// maxScratchKept bounds the scratch buffer kept between documents, so one
// large document does not pin its size for the rest of the input.
const maxScratchKept = 4 << 20

// scratchPool hands a finished input's scratch buffer to the next input,
// so reading many files does not grow a buffer for each.
var scratchPool = sync.Pool{New: func() any { return new([]byte) }}

// readerPool reuses the 64 KiB read buffers: a corpus of many small files
// otherwise allocates and clears one per file.
var readerPool = sync.Pool{New: func() any { return bufio.NewReaderSize(nil, 64<<10) }}

func newSplitter(r io.Reader, file string, maxSize int, wants func(apiVersion, kind string) bool) *splitter {
	pooled := readerPool.Get().(*bufio.Reader)
	pooled.Reset(r)
	br := pooled
	// A UTF-16 file (it must start with a byte order mark, as YAML requires)
	// is decoded to UTF-8 so lines, markers and the sniff work on it; a
	// UTF-8 byte order mark is dropped so the first line sniffs cleanly.
	if head, _ := br.Peek(3); len(head) >= 2 {
		switch {
		case head[0] == 0xFF && head[1] == 0xFE, head[0] == 0xFE && head[1] == 0xFF:
			dec := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder()
			br = bufio.NewReaderSize(dec.Reader(br), 64<<10)
		case len(head) == 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF:
			br.Discard(3)
		}
	}
	return &splitter{r: br, pooled: pooled, file: file, maxSize: maxSize, wants: wants, scratch: *scratchPool.Get().(*[]byte)}
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
	if s.scratch != nil {
		b := s.scratch[:0]
		scratchPool.Put(&b)
		s.scratch = nil
	}
	if s.pooled != nil {
		s.pooled.Reset(nil)
		readerPool.Put(s.pooled)
		s.pooled, s.r = nil, nil
	}
	return nil, io.EOF
}

// read consumes one document. empty reports a document holding only blank
// lines, comments and markers.
func (s *splitter) read() (d *Document, empty bool, err error) {
	d = &Document{File: s.file, Index: s.index, Line: s.line + 1}
	s.index++
	empty = true
	buf := s.scratch[:0]
	var sn sniff
	size := 0
	tooLarge := false
	start := func(marker []byte) { // a "---" line opens the document afresh
		buf = append(buf[:0], marker...)
		size = len(marker)
		tooLarge = false
		sn = sniff{}
		if markerContent(marker) {
			// "--- {...}" or "--- |": the document starts on the marker line,
			// where the line sniff does not look.
			empty = false
			sn.unsure = true
		}
	}
	if s.pending != nil {
		d.Line = s.line // the marker line was already counted
		start(s.pending)
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
				s.marker = append(s.marker[:0], line...)
				s.pending = s.marker
				break
			}
			// a marker before any content opens this document
			d.Line = s.line
			start(line)
			if rerr == io.EOF {
				s.done = true
				break
			}
			continue
		}
		if isMarker(line, "...") {
			if !empty {
				break
			}
			// nothing before it worth keeping: the document starts after it,
			// so that node lines stay in step with file lines
			buf, size, sn, tooLarge = buf[:0], 0, sniff{}, false
			d.Line = s.line + 1
			if rerr == io.EOF {
				s.done = true
				break
			}
			continue
		}
		size += len(line)
		if empty && !blankOrComment(line) {
			empty = false
			if line[0] == ' ' || line[0] == '\t' {
				// an indented top-level node: its keys are not at column 0
				sn.unsure = true
			}
		}
		sn.line(line)
		if !tooLarge {
			if size > s.maxSize {
				tooLarge = true
				buf = buf[:0]
			} else {
				buf = append(buf, line...)
			}
		}
		if rerr == io.EOF {
			s.done = true
			break
		}
	}
	s.scratch = buf[:0]
	if cap(buf) > maxScratchKept {
		s.scratch = nil
	}
	d.APIVersion, d.Kind = sn.apiVersion, sn.kind
	switch {
	case tooLarge:
		// reported whatever its kind: without its bytes, the sniff cannot
		// be checked for hidden line breaks
		d.Err = fmt.Errorf("%w: more than %d bytes (raise --max-document-size if this is intended)", ErrTooLarge, s.maxSize)
	case s.wants != nil && sn.trusted() && !s.wants(sn.apiVersion, sn.kind) && !hiddenBreak(buf):
		d.Skipped = true
	case !empty:
		d.Data = append([]byte(nil), buf...)
	}
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

// markerContent says whether a "---" line carries a node after the marker.
func markerContent(line []byte) bool { return !blankOrComment(line[3:]) }

func blankOrComment(line []byte) bool {
	t := bytes.TrimSpace(line)
	return len(t) == 0 || t[0] == '#'
}

// scalarValue reads a simple scalar after "key:": trims space, a trailing
// comment and one level of quotes. Anything unusual (escapes, anchors,
// tags, flow or block syntax) yields "" so the document falls back to a
// full parse.
func scalarValue(b []byte) string {
	b = bytes.TrimSpace(b)
	if i := bytes.Index(b, []byte(" #")); i >= 0 {
		b = bytes.TrimSpace(b[:i])
	}
	if len(b) >= 2 && (b[0] == '"' || b[0] == '\'') && b[len(b)-1] == b[0] {
		b = b[1 : len(b)-1]
	}
	for _, c := range b {
		switch c {
		case '"', '\'', '\\', '{', '[', '&', '*', '!', '|', '>', ' ', '\t', '#':
			return ""
		}
	}
	return string(b)
}

// sniff reads apiVersion and kind from the top-level lines of a document
// as they stream past. Its answer is trusted only when no other spelling of
// those keys can be in the document: in a block mapping at column 0, a key
// line starting with a letter or digit is the key itself, while a line
// starting with a quote, "?", an anchor, a tag, "<<" (a merge), a byte
// order mark or any other byte could name kind or apiVersion in a form the
// sniff does not read. A "kind:" line inside a multi-line quoted scalar or
// flow collection is then harmless: the real key is also a "kind:" line,
// and two of them make the sniff unsure.
type sniff struct {
	apiVersion, kind  string
	apiSeen, kindSeen int
	keys              int // key lines seen at column 0
	unsure            bool
}

// trusted says whether the sniffed kind may stand in for a full parse:
// both keys seen exactly once, nothing unsure, and not a List (whose items
// have kinds of their own).
func (sn *sniff) trusted() bool {
	return !sn.unsure && sn.apiSeen == 1 && sn.kindSeen == 1 && sn.kind != "" && sn.apiVersion != "" && !isListKind(sn.kind)
}

var (
	kindKey       = []byte("kind")
	apiVersionKey = []byte("apiVersion")
)

// line looks at one line. Only lines starting at column 0 matter and most
// lines are indented, so the common case is a single byte compare.
func (sn *sniff) line(line []byte) {
	switch c := line[0]; {
	case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '#':
		return
	case c == '-' && (len(line) == 1 || isSpace(line[1])):
		// an entry of an indentless sequence under a top-level key
		// ("rules:\n- ..."); before any key the document is a list
		if sn.keys == 0 {
			sn.unsure = true
		}
		return
	case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '_':
	default:
		sn.unsure = true
		return
	}
	sn.keys++
	switch {
	case bytes.HasPrefix(line, kindKey):
		if v, ok := sn.value(line[len(kindKey):]); ok {
			sn.kindSeen++
			sn.kind = v
		}
	case bytes.HasPrefix(line, apiVersionKey):
		if v, ok := sn.value(line[len(apiVersionKey):]); ok {
			sn.apiSeen++
			sn.apiVersion = v
		}
	}
}

// value reads what follows "kind" or "apiVersion" at the start of a line.
// ok is false for a longer key ("kinds:"); a spelling the sniff does not
// read ("kind :", "kind:Pod") makes it unsure.
func (sn *sniff) value(rest []byte) (string, bool) {
	switch {
	case len(rest) == 0 || isSpace(rest[0]) || rest[0] == ':' && len(rest) > 1 && !isSpace(rest[1]):
		sn.unsure = true
		return "", false
	case rest[0] != ':':
		return "", false
	}
	return scalarValue(rest[1:]), true
}

// hiddenBreak reports a line break YAML sees and the line splitter does
// not: a lone carriage return, or U+0085, U+2028 or U+2029. A top-level
// key after one starts a line for the parser only, out of the sniff's
// sight, so a document holding one is parsed in full. This runs only for
// documents about to be skipped, as a few memchr passes.
func hiddenBreak(b []byte) bool {
	for rest := b; ; {
		i := bytes.IndexByte(rest, '\r')
		if i < 0 {
			break
		}
		if i+1 == len(rest) || rest[i+1] != '\n' {
			return true
		}
		rest = rest[i+2:]
	}
	for rest := b; ; {
		i := bytes.IndexByte(rest, 0xC2)
		if i < 0 {
			break
		}
		if i+1 < len(rest) && rest[i+1] == 0x85 {
			return true
		}
		rest = rest[i+1:]
	}
	for rest := b; ; {
		i := bytes.IndexByte(rest, 0xE2)
		if i < 0 {
			return false
		}
		if i+2 < len(rest) && rest[i+1] == 0x80 && (rest[i+2] == 0xA8 || rest[i+2] == 0xA9) {
			return true
		}
		rest = rest[i+1:]
	}
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
