package yamlfast

import (
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// Scalar scanning on one line. Every function here works on p.src between
// a start offset and the end of the current line, and declines anything
// that would continue on the next line.

// plainStart reports whether a plain scalar may start at offset i (line
// ending at end): not blank, not an indicator, except that '-', and in
// block context '?' and ':', may start one when a non-blank follows.
func plainStart(s string, i, end int, flow bool) bool {
	switch s[i] {
	case ' ', '\t', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`':
		return false
	case '-':
		return i+1 < end && s[i+1] != ' ' && s[i+1] != '\t'
	case '?', ':':
		return !flow && !isBlankZ(s, i+1, end)
	}
	return true
}

// scanPlain scans a single-line plain scalar starting at i. It returns the
// end of the value (trailing blanks excluded) and the offset where scanning
// stopped: the end of the line, a comment's '#', a ':' followed by a blank
// (a mapping key), or in flow context a flow indicator. Spaces between the
// value and the stop offset are skipped. A tab declines.
func scanPlain(s string, i, end int, flow bool) (valEnd, stop int, ok bool) {
	for {
		for i < end {
			c := s[i]
			if c == ' ' {
				break
			}
			if c == '\t' {
				return 0, 0, false
			}
			if c == ':' && isBlankZ(s, i+1, end) {
				return valEnd, i, true
			}
			if flow && (c == ',' || c == '?' || c == '[' || c == ']' || c == '{' || c == '}') {
				return valEnd, i, true
			}
			i++
			valEnd = i
		}
		i = skipSpaces(s, i, end)
		if i == end || s[i] == '#' {
			return valEnd, i, true
		}
		if s[i] == '\t' {
			return 0, 0, false
		}
	}
}

// scanQuoted decodes a single- or double-quoted scalar whose opening quote
// is at i and whose closing quote is on the same line. It returns the value
// and the offset after the closing quote. Values without escapes are
// substrings of the input.
func (p *parser) scanQuoted(i, end int) (string, int, bool) {
	s := p.src
	if s[i] == '\'' {
		return p.scanSingle(s, i+1, end)
	}
	return p.scanDouble(s, i+1, end)
}

func (p *parser) scanSingle(s string, i, end int) (string, int, bool) {
	start := i
	for ; i < end; i++ {
		if s[i] != '\'' {
			continue
		}
		if i+1 < end && s[i+1] == '\'' {
			return p.unescapeSingle(s, start, end)
		}
		return s[start:i], i + 1, true
	}
	return "", 0, false
}

// unescapeSingle is the slow path of scanSingle for values holding ”.
func (p *parser) unescapeSingle(s string, i, end int) (string, int, bool) {
	b := p.buf[:0]
	for ; i < end; i++ {
		if s[i] != '\'' {
			b = append(b, s[i])
			continue
		}
		if i+1 < end && s[i+1] == '\'' {
			b = append(b, '\'')
			i++
			continue
		}
		p.buf = b
		return string(b), i + 1, true
	}
	p.buf = b
	return "", 0, false
}

func (p *parser) scanDouble(s string, i, end int) (string, int, bool) {
	start := i
	for ; i < end; i++ {
		switch s[i] {
		case '"':
			return s[start:i], i + 1, true
		case '\\':
			return p.unescapeDouble(s, start, end)
		}
	}
	return "", 0, false
}

// unescapeDouble is the slow path of scanDouble for values with escapes.
func (p *parser) unescapeDouble(s string, i, end int) (string, int, bool) {
	b := p.buf[:0]
	defer func() { p.buf = b[:0] }()
	for i < end {
		c := s[i]
		if c == '"' {
			return string(b), i + 1, true
		}
		if c != '\\' {
			b = append(b, c)
			i++
			continue
		}
		if i+1 == end {
			return "", 0, false // an escaped line break: multi-line
		}
		i += 2
		digits := 0
		switch s[i-1] {
		case '0':
			b = append(b, 0)
		case 'a':
			b = append(b, '\a')
		case 'b':
			b = append(b, '\b')
		case 't', '\t':
			b = append(b, '\t')
		case 'n':
			b = append(b, '\n')
		case 'v':
			b = append(b, '\v')
		case 'f':
			b = append(b, '\f')
		case 'r':
			b = append(b, '\r')
		case 'e':
			b = append(b, 0x1b)
		case ' ', '"', '\\', '\'': // yaml.v3 rejects \/
			b = append(b, s[i-1])
		case 'N':
			b = utf8.AppendRune(b, 0x85)
		case '_':
			b = utf8.AppendRune(b, 0xA0)
		case 'L':
			b = utf8.AppendRune(b, 0x2028)
		case 'P':
			b = utf8.AppendRune(b, 0x2029)
		case 'x':
			digits = 2
		case 'u':
			digits = 4
		case 'U':
			digits = 8
		default:
			return "", 0, false
		}
		if digits == 0 {
			continue
		}
		if end-i < digits {
			return "", 0, false
		}
		v := rune(0)
		for k := 0; k < digits; k++ {
			d := hexValue(s[i+k])
			if d < 0 {
				return "", 0, false
			}
			v = v<<4 | rune(d)
		}
		i += digits
		if v >= 0xD800 && v <= 0xDFFF || v > 0x10FFFF {
			return "", 0, false
		}
		b = utf8.AppendRune(b, v)
	}
	return "", 0, false
}

func hexValue(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

// scalarToken reads a plain or quoted scalar starting at i on line li. It
// returns the node and the offset after it and any following spaces: the
// caller checks what comes there (a key's ':', a comment, a flow
// indicator).
func (p *parser) scalarToken(li, i int, flow bool) (*yaml.Node, int, error) {
	s := p.src
	end := int(p.lines[li].end)
	n := p.newNode()
	n.Kind = yaml.ScalarNode
	n.Line = li + 1
	n.Column = p.col(li, i)
	switch s[i] {
	case '\'', '"':
		v, after, ok := p.scanQuoted(i, end)
		if !ok {
			return nil, 0, unsupported(li, "quoted scalar not closed on its line, or unknown escape")
		}
		n.Value, n.Tag = v, "!!str"
		n.Style = yaml.DoubleQuotedStyle
		if s[i] == '\'' {
			n.Style = yaml.SingleQuotedStyle
		}
		return n, skipSpaces(s, after, end), nil
	}
	if !plainStart(s, i, end, flow) {
		return nil, 0, unsupported(li, "character that cannot start a plain scalar here")
	}
	valEnd, stop, ok := scanPlain(s, i, end, flow)
	if !ok {
		return nil, 0, unsupported(li, "tab in plain scalar")
	}
	n.Value = s[i:valEnd]
	n.Tag = resolveTag(n.Value)
	return n, stop, nil
}

// nullNode is the empty scalar yaml.v3 produces for a missing value.
func (p *parser) nullNode(line, column int) *yaml.Node {
	n := p.newNode()
	n.Kind = yaml.ScalarNode
	n.Tag = "!!null"
	n.Line = line
	n.Column = column
	return n
}

// continuePlain extends the plain scalar n, whose first line li ended
// without a comment, over the following lines indented deeper than parent,
// folding them as yaml.v3 does: one line break becomes a space, and each
// empty line between two text lines becomes a line break. It returns the
// index of the first line after the scalar. A comment, a document marker or
// a less indented line ends the scalar; a ':' followed by a blank on a
// continuation line would make a multi-line key and is declined.
func (p *parser) continuePlain(n *yaml.Node, li, parent int) (*yaml.Node, int, error) {
	s := p.src
	var b []byte
	breaks := 0
	j := li + 1
	for ; j < len(p.lines); j++ {
		ln := p.lines[j]
		if ln.kind == kindBlank {
			breaks++
			continue
		}
		if ln.kind == kindTab {
			return nil, 0, unsupported(j, "tab in indentation")
		}
		if ln.kind != kindContent || int(ln.indent) <= parent {
			break
		}
		start, end := int(ln.start+ln.indent), int(ln.end)
		valEnd, stop, ok := scanPlain(s, start, end, false)
		if !ok || stop < end && s[stop] != '#' {
			return nil, 0, unsupported(j, "multi-line plain scalar with a tab or a ':'")
		}
		if b == nil {
			b = append(p.buf[:0], n.Value...)
		}
		if breaks == 0 {
			b = append(b, ' ')
		}
		b = appendNewlines(b, breaks)
		breaks = 0
		b = append(b, s[start:valEnd]...)
		if stop < end { // a comment ends the scalar
			j++
			break
		}
	}
	if b == nil {
		return n, li + 1, nil
	}
	n.Value = string(b)
	n.Tag = resolveTag(n.Value)
	p.buf = b[:0]
	return n, j, nil
}
