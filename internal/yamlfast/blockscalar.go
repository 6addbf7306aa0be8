package yamlfast

import (
	"go.yaml.in/yaml/v3"
)

// blockScalar parses a literal (|) or folded (>) block scalar whose
// indicator is at offset pos of line li. parent is the indentation of the
// enclosing block collection, from which an explicit indentation indicator
// counts. The content rules (automatic indentation, empty and
// more-indented lines, folding, chomping, a last line without a line
// break) follow yaml.v3's scanner step by step, so the value matches it
// byte for byte.
func (p *parser) blockScalar(li, pos, parent int) (*yaml.Node, int, error) {
	s := p.src
	end := int(p.lines[li].end)
	literal := s[pos] == '|'

	chomp, increment, i := 0, 0, pos+1
	readChomp := func() {
		if i < end && (s[i] == '+' || s[i] == '-') {
			chomp = 1
			if s[i] == '-' {
				chomp = -1
			}
			i++
		}
	}
	readIncrement := func() bool {
		if i < end && s[i] >= '0' && s[i] <= '9' {
			if s[i] == '0' {
				return false
			}
			increment = int(s[i] - '0')
			i++
		}
		return true
	}
	if i < end && (s[i] == '+' || s[i] == '-') {
		readChomp()
		if !readIncrement() {
			return nil, 0, unsupported(li, "block scalar indentation indicator 0")
		}
	} else {
		if !readIncrement() {
			return nil, 0, unsupported(li, "block scalar indentation indicator 0")
		}
		readChomp()
	}
	i = skipSpaces(s, i, end)
	if i < end && s[i] != '#' { // a comment needs no space before it here
		return nil, 0, unsupported(li, "unexpected text after a block scalar indicator")
	}

	n := p.newNode()
	n.Kind, n.Tag = yaml.ScalarNode, "!!str"
	n.Style = yaml.LiteralStyle
	if !literal {
		n.Style = yaml.FoldedStyle
	}
	n.Line, n.Column = li+1, p.col(li, pos)

	indent := 0
	if increment > 0 {
		indent = increment
		if parent >= 0 {
			indent = parent + increment
		}
	}
	b := p.buf[:0]
	bs := blockState{p: p, cur: li + 1, indent: indent, parent: parent}
	if err := bs.breaks(); err != nil {
		return nil, 0, err
	}
	leadingBreak, leadingBlank := false, false
	for bs.col == bs.indent && !bs.atEnd {
		ln := p.lines[bs.cur]
		t := s[ln.start:ln.end]
		trailingBlank := t[bs.indent] == ' ' || t[bs.indent] == '\t'
		if !literal && leadingBreak && !leadingBlank && !trailingBlank {
			// Folding: a single line break between two lines that do not
			// start with a blank becomes a space; with empty lines between,
			// only the empty lines' breaks are kept.
			if bs.trailing == 0 {
				b = append(b, ' ')
			}
		} else if leadingBreak {
			b = append(b, '\n')
		}
		b = appendNewlines(b, bs.trailing)
		bs.trailing = 0
		leadingBlank = trailingBlank
		b = append(b, t[bs.indent:]...)
		leadingBreak = p.hasBreak(bs.cur)
		bs.cur++
		if err := bs.breaks(); err != nil {
			return nil, 0, err
		}
	}
	if chomp != -1 && leadingBreak {
		b = append(b, '\n')
	}
	if chomp == 1 {
		b = appendNewlines(b, bs.trailing)
	}
	n.Value = string(b)
	p.buf = b[:0]
	return n, bs.cur, nil
}

// blockState tracks the scan through a block scalar's lines.
type blockState struct {
	p        *parser
	cur      int  // line being looked at
	indent   int  // content indentation; 0 until known
	parent   int  // indentation of the enclosing collection
	trailing int  // empty lines seen since the last content line
	col      int  // indentation spaces consumed on line cur
	atEnd    bool // the end of the input was reached
}

// breaks consumes empty lines up to the next line with content (or the end
// of the input), counting them in trailing, and settles the content
// indentation when no indicator gave it: the deepest of those lines'
// indentation, but at least one deeper than the enclosing collection.
func (bs *blockState) breaks() error {
	p := bs.p
	maxIndent := 0
	for {
		if bs.cur == len(p.lines) {
			bs.col, bs.atEnd = 0, true
			break
		}
		ln := p.lines[bs.cur]
		t := p.src[ln.start:ln.end]
		col := 0
		for col < len(t) && t[col] == ' ' && (bs.indent == 0 || col < bs.indent) {
			col++
		}
		bs.col = col
		if col > maxIndent {
			maxIndent = col
		}
		if (bs.indent == 0 || col < bs.indent) && col < len(t) && t[col] == '\t' {
			return unsupported(bs.cur, "tab in block scalar indentation")
		}
		if col < len(t) {
			bs.atEnd = false
			break
		}
		if !p.hasBreak(bs.cur) {
			bs.atEnd = true
			break
		}
		bs.trailing++
		bs.cur++
	}
	if bs.indent == 0 {
		bs.indent = max(maxIndent, bs.parent+1, 1)
	}
	return nil
}

func appendNewlines(b []byte, n int) []byte {
	for ; n > 0; n-- {
		b = append(b, '\n')
	}
	return b
}
