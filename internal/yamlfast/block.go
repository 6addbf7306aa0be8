package yamlfast

import (
	"go.yaml.in/yaml/v3"
)

// The block parser walks the lines recursively. Every collection knows its
// indentation (the column of its keys or dashes); a node ends at the first
// content line indented no deeper than the collection holding it, and a
// line indented deeper than that where no node may start is declined:
// yaml.v3 would read it as the continuation of a multi-line plain scalar or
// reject it.
//
// "parent" below is the indentation of the innermost enclosing block
// collection (-1 at the document root): yaml.v3 measures block scalar
// indentation from it.

// document parses the input as one document.
func (p *parser) document() (*yaml.Node, error) {
	i, err := p.nextContent(0)
	if err != nil {
		return nil, err
	}
	explicit := -1 // line of the "---" marker, if any
	if i < len(p.lines) && p.lines[i].kind == kindDocStart {
		if !p.markerRestIsComment(i) {
			return nil, unsupported(i, "content on the --- line")
		}
		explicit = i
		if i, err = p.nextContent(i + 1); err != nil {
			return nil, err
		}
	}
	var root *yaml.Node
	switch {
	case i < len(p.lines) && p.lines[i].kind == kindDocStart:
		return nil, unsupported(i, "second document")
	case i < len(p.lines) && p.lines[i].kind == kindDocEnd && explicit < 0:
		return nil, unsupported(i, "document end marker without a document")
	case i < len(p.lines) && p.lines[i].kind == kindDocEnd:
		root = p.nullNode(i+1, 1) // "---" then "...": the value sits at the marker
	case i == len(p.lines) && explicit < 0:
		return &yaml.Node{}, nil // no document at all, as yaml.Unmarshal gives
	case i == len(p.lines):
		root = p.nullNode(len(p.lines)+1, 1) // the empty value sits at the stream end
	default:
		ln := p.lines[i]
		if root, i, err = p.blockNode(i, int(ln.start+ln.indent), -1); err != nil {
			return nil, err
		}
		if i, err = p.nextContent(i); err != nil {
			return nil, err
		}
	}
	if i < len(p.lines) {
		if p.lines[i].kind != kindDocEnd {
			return nil, unsupported(i, "content after the document")
		}
		if !p.markerRestIsComment(i) {
			return nil, unsupported(i, "content on the ... line")
		}
		if j, err := p.nextContent(i + 1); err != nil || j < len(p.lines) {
			return nil, unsupported(j, "content after the document end marker")
		}
	}
	doc := p.newNode()
	doc.Kind = yaml.DocumentNode
	if explicit >= 0 {
		doc.Line, doc.Column = explicit+1, 1
	} else {
		doc.Line, doc.Column = root.Line, root.Column
	}
	p.stack = append(p.stack, root)
	doc.Content = p.content(len(p.stack) - 1)
	return doc, nil
}

// markerRestIsComment reports whether a "---" or "..." line holds nothing
// after the marker but spaces and a comment.
func (p *parser) markerRestIsComment(li int) bool {
	ln := p.lines[li]
	end := int(ln.end)
	i := skipSpaces(p.src, int(ln.start)+3, end)
	return restIsComment(p.src, i, end)
}

// blockNode parses the node starting at offset pos of line li, either the
// first non-space of the line or just after a "- ". parent is the
// indentation of the enclosing collection. It returns the node and the
// index of the first line after it.
func (p *parser) blockNode(li, pos, parent int) (*yaml.Node, int, error) {
	if p.depth++; p.depth > maxDepth {
		return nil, 0, unsupported(li, "nesting too deep")
	}
	defer func() { p.depth-- }()
	s := p.src
	end := int(p.lines[li].end)
	switch c := s[pos]; {
	case c == '-' && isBlankZ(s, pos+1, end):
		return p.sequence(li, pos)
	case c == '|' || c == '>':
		return p.blockScalar(li, pos, parent)
	case c == '[' || c == '{':
		n, after, err := p.flowNode(li, pos)
		if err != nil {
			return nil, 0, err
		}
		if !restIsComment(s, skipSpaces(s, after, end), end) {
			return nil, 0, unsupported(li, "content after a flow collection")
		}
		return n, li + 1, nil
	}
	n, next, err := p.scalarToken(li, pos, false)
	if err != nil {
		return nil, 0, err
	}
	if next < end && s[next] == ':' && isBlankZ(s, next+1, end) {
		return p.mapping(li, pos, n, next)
	}
	if !restIsComment(s, next, end) {
		return nil, 0, unsupported(li, "content after a scalar")
	}
	if n.Style == 0 && next == end {
		return p.continuePlain(n, li, parent)
	}
	return n, li + 1, nil
}

// inlineValue parses a mapping value that starts on the key's line at
// offset pos: a scalar, a flow collection or a block scalar header.
func (p *parser) inlineValue(li, pos, parent int) (*yaml.Node, int, error) {
	s := p.src
	end := int(p.lines[li].end)
	switch c := s[pos]; {
	case c == '|' || c == '>':
		return p.blockScalar(li, pos, parent)
	case c == '[' || c == '{':
		n, after, err := p.flowNode(li, pos)
		if err != nil {
			return nil, 0, err
		}
		if !restIsComment(s, skipSpaces(s, after, end), end) {
			return nil, 0, unsupported(li, "content after a flow collection")
		}
		return n, li + 1, nil
	}
	n, next, err := p.scalarToken(li, pos, false)
	if err != nil {
		return nil, 0, err
	}
	if !restIsComment(s, next, end) {
		return nil, 0, unsupported(li, "content after a mapping value")
	}
	if n.Style == 0 && next == end {
		return p.continuePlain(n, li, parent)
	}
	return n, li + 1, nil
}

// mapping parses a block mapping whose first key (already read) starts at
// offset pos of line li and whose ':' is at colon.
func (p *parser) mapping(li, pos int, key *yaml.Node, colon int) (*yaml.Node, int, error) {
	s := p.src
	ind := pos - int(p.lines[li].start)
	m := p.newNode()
	m.Kind, m.Tag = yaml.MappingNode, "!!map"
	m.Line, m.Column = li+1, ind+1
	base := len(p.stack)
	for {
		if colon-pos > 1024 {
			// yaml.v3 counts characters; bytes are an upper bound.
			return nil, 0, unsupported(li, "implicit key longer than 1024 characters")
		}
		p.stack = append(p.stack, key)
		end := int(p.lines[li].end)
		v := skipSpaces(s, colon+1, end)
		var val *yaml.Node
		var next int
		var err error
		switch {
		case v < end && s[v] == '\t':
			return nil, 0, unsupported(li, "tab after ':'")
		case v < end && s[v] != '#':
			val, next, err = p.inlineValue(li, v, ind)
		default:
			val, next, err = p.valueBelow(li, ind, p.col(li, colon)+1)
		}
		if err != nil {
			return nil, 0, err
		}
		p.stack = append(p.stack, val)
		j, err := p.nextContent(next)
		if err != nil {
			return nil, 0, err
		}
		if j == len(p.lines) || int(p.lines[j].indent) < ind {
			m.Content = p.content(base)
			return m, j, nil
		}
		if int(p.lines[j].indent) > ind {
			return nil, 0, unsupported(j, "line indented deeper than its mapping")
		}
		li, pos = j, int(p.lines[j].start)+ind
		end = int(p.lines[li].end)
		var next2 int
		if key, next2, err = p.scalarToken(li, pos, false); err != nil {
			return nil, 0, err
		}
		if next2 == end || s[next2] != ':' || !isBlankZ(s, next2+1, end) {
			return nil, 0, unsupported(li, "expected a mapping key")
		}
		colon = next2
	}
}

// valueBelow parses the value of a key (or dash) that ends its line li:
// a node on the following lines indented deeper than ind, a sequence at
// the key's own indentation, or else an empty value at column nullCol of
// line li. Only mappings may hold a sequence at their own indentation;
// sequence callers never find one because they consume dashes at ind.
func (p *parser) valueBelow(li, ind, nullCol int) (*yaml.Node, int, error) {
	j, err := p.nextContent(li + 1)
	if err != nil {
		return nil, 0, err
	}
	if j < len(p.lines) {
		ln := p.lines[j]
		pos := int(ln.start + ln.indent)
		if int(ln.indent) > ind {
			return p.blockNode(j, pos, ind)
		}
		if int(ln.indent) == ind && p.src[pos] == '-' && isBlankZ(p.src, pos+1, int(ln.end)) {
			if p.depth++; p.depth > maxDepth {
				return nil, 0, unsupported(li, "nesting too deep")
			}
			defer func() { p.depth-- }()
			return p.sequence(j, pos)
		}
	}
	return p.nullNode(li+1, nullCol), li + 1, nil
}

// sequence parses a block sequence whose first '-' is at offset pos of
// line li.
func (p *parser) sequence(li, pos int) (*yaml.Node, int, error) {
	s := p.src
	ind := pos - int(p.lines[li].start)
	q := p.newNode()
	q.Kind, q.Tag = yaml.SequenceNode, "!!seq"
	q.Line, q.Column = li+1, ind+1
	base := len(p.stack)
	for {
		end := int(p.lines[li].end)
		v := skipSpaces(s, pos+1, end)
		var item *yaml.Node
		var next int
		var err error
		switch {
		case v < end && s[v] == '\t':
			return nil, 0, unsupported(li, "tab after '-'")
		case v < end && s[v] != '#':
			item, next, err = p.blockNode(li, v, ind)
		default:
			item, next, err = p.entryBelow(li, ind)
		}
		if err != nil {
			return nil, 0, err
		}
		p.stack = append(p.stack, item)
		j, err := p.nextContent(next)
		if err != nil {
			return nil, 0, err
		}
		if j == len(p.lines) || int(p.lines[j].indent) < ind {
			q.Content = p.content(base)
			return q, j, nil
		}
		if int(p.lines[j].indent) > ind {
			return nil, 0, unsupported(j, "line indented deeper than its sequence")
		}
		li, pos = j, int(p.lines[j].start)+ind
		if s[pos] != '-' || !isBlankZ(s, pos+1, int(p.lines[j].end)) {
			// The end of a sequence at its mapping's indentation; anywhere
			// else the caller declines the line.
			q.Content = p.content(base)
			return q, j, nil
		}
	}
}

// entryBelow parses the item of a '-' that ends its line li: a node on the
// following lines indented deeper than the dash, or an empty value just
// after the dash.
func (p *parser) entryBelow(li, ind int) (*yaml.Node, int, error) {
	j, err := p.nextContent(li + 1)
	if err != nil {
		return nil, 0, err
	}
	if j < len(p.lines) && int(p.lines[j].indent) > ind {
		ln := p.lines[j]
		return p.blockNode(j, int(ln.start+ln.indent), ind)
	}
	return p.nullNode(li+1, ind+2), li + 1, nil
}
