package yamlfast

import (
	"unicode/utf8"
	"unsafe"
)

// line is one line of the input. Offsets index parser.src; end excludes the
// line break ("\n" or "\r\n").
type line struct {
	start, end int32
	// indent is the number of leading spaces; -1 for document markers, so
	// that they end every block collection.
	indent   int32
	kind     lineKind
	nonASCII bool // columns must then be counted in characters, not bytes
}

type lineKind uint8

const (
	kindContent  lineKind = iota
	kindBlank             // spaces only
	kindComment           // spaces, then '#'
	kindTab               // spaces, then a tab: never valid structure
	kindDocStart          // "---" at column 0
	kindDocEnd            // "..." at column 0
)

// byte classes for the splitting loop.
const (
	clsPlain = iota // printable ASCII, and tab
	clsLF
	clsCR
	clsBad  // control characters yaml.v3 rejects
	clsHigh // first byte of a multi-byte UTF-8 sequence (or garbage)
)

var byteClass = func() (t [256]uint8) {
	for c := 0; c < 0x20; c++ {
		t[c] = clsBad
	}
	t['\t'] = clsPlain
	t['\n'] = clsLF
	t['\r'] = clsCR
	t[0x7f] = clsBad
	for c := 0x80; c < 0x100; c++ {
		t[c] = clsHigh
	}
	return t
}()

// reset splits data into lines and checks that every character is one
// yaml.v3 accepts the same way the fast path reads it.
func (p *parser) reset(data []byte) error {
	if len(data) >= 1<<31-1 {
		return unsupported(-1, "input larger than 2 GiB")
	}
	if p.arena != nil && len(data) > 0 {
		p.src = unsafe.String(&data[0], len(data)) // see ParseIn
	} else {
		p.src = string(data)
	}
	s := p.src
	start, nonASCII := 0, false
	i := 0
	for i < len(s) {
		for i < len(s) && byteClass[s[i]] == clsPlain {
			i++
		}
		if i == len(s) {
			break
		}
		switch byteClass[s[i]] {
		case clsLF:
			p.addLine(start, i, nonASCII)
			i++
			start, nonASCII = i, false
		case clsCR:
			// A lone CR is a line break to YAML; only CRLF is read here.
			if i+1 == len(s) || s[i+1] != '\n' {
				return unsupported(len(p.lines), "carriage return without line feed")
			}
			p.addLine(start, i, nonASCII)
			i += 2
			start, nonASCII = i, false
		case clsBad:
			return unsupported(len(p.lines), "control character")
		case clsHigh:
			r, size := utf8.DecodeRuneInString(s[i:])
			if !allowedRune(r, size) {
				return unsupported(len(p.lines), "character outside the supported set")
			}
			nonASCII = true
			i += size
		}
	}
	if start < len(s) {
		p.addLine(start, len(s), nonASCII)
	}
	return nil
}

// allowedRune reports whether a non-ASCII character is printable for YAML
// and not one of the characters the fast path leaves to yaml.v3: the
// NEL/LS/PS line breaks and the byte order mark.
func allowedRune(r rune, size int) bool {
	switch {
	case r == utf8.RuneError && size <= 1:
		return false // invalid UTF-8
	case r == 0x85, r == 0x2028, r == 0x2029, r == 0xFEFF:
		return false
	case r >= 0xA0 && r <= 0xD7FF, r >= 0xE000 && r <= 0xFFFD, r >= 0x10000 && r <= 0x10FFFF:
		return true
	}
	return false
}

func (p *parser) addLine(start, end int, nonASCII bool) {
	s := p.src
	j := start
	for j < end && s[j] == ' ' {
		j++
	}
	ln := line{start: int32(start), end: int32(end), indent: int32(j - start), nonASCII: nonASCII}
	switch {
	case j == end:
		ln.kind = kindBlank
	case s[j] == '#':
		ln.kind = kindComment
	case s[j] == '\t':
		ln.kind = kindTab
	case j == start && isMarker(s[start:end], '-'):
		ln.kind, ln.indent = kindDocStart, -1
	case j == start && isMarker(s[start:end], '.'):
		ln.kind, ln.indent = kindDocEnd, -1
	}
	if ln.kind == kindContent {
		p.contentLines++
	}
	p.lines = append(p.lines, ln)
}

// isMarker reports whether t starts with "---" or "..." followed by a
// blank or the end of the line.
func isMarker(t string, c byte) bool {
	return len(t) >= 3 && t[0] == c && t[1] == c && t[2] == c &&
		(len(t) == 3 || t[3] == ' ' || t[3] == '\t')
}

// hasBreak reports whether line i ends with a line break (only the last
// line may not).
func (p *parser) hasBreak(i int) bool {
	return i < len(p.lines)-1 || int(p.lines[i].end) < len(p.src)
}

// nextContent returns the index of the first line at or after i that is
// neither blank nor a comment, or len(p.lines) at the end of the input.
func (p *parser) nextContent(i int) (int, error) {
	for ; i < len(p.lines); i++ {
		switch p.lines[i].kind {
		case kindBlank, kindComment:
			continue
		case kindTab:
			return 0, unsupported(i, "tab in indentation")
		}
		return i, nil
	}
	return i, nil
}

// col returns the 1-based column of byte offset pos on line li, counted in
// characters as yaml.v3 does.
func (p *parser) col(li, pos int) int {
	ln := &p.lines[li]
	if !ln.nonASCII {
		return pos - int(ln.start) + 1
	}
	return utf8.RuneCountInString(p.src[ln.start:pos]) + 1
}

// skipSpaces returns the first offset at or after i on a line ending at end
// that is not a space. Tabs are not skipped: outside quoted scalars,
// comments and block scalar content they are declined.
func skipSpaces(s string, i, end int) int {
	for i < end && s[i] == ' ' {
		i++
	}
	return i
}

// restIsComment reports whether the line ending at end holds nothing but an
// optional comment from offset i on (i is past any spaces). A comment must
// follow whitespace.
func restIsComment(s string, i, end int) bool {
	return i == end || s[i] == '#' && s[i-1] == ' '
}

// isBlankZ reports whether offset i on a line ending at end is a blank or
// the end of the line: what must follow ':' and '-' indicators.
func isBlankZ(s string, i, end int) bool {
	return i == end || s[i] == ' ' || s[i] == '\t'
}
