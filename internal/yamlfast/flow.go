package yamlfast

import (
	"go.yaml.in/yaml/v3"
)

// flowNode parses a flow sequence or mapping whose '[' or '{' is at offset
// pos of line li and which closes on the same line. It returns the node and
// the offset after the closing bracket.
func (p *parser) flowNode(li, pos int) (*yaml.Node, int, error) {
	if p.depth++; p.depth > maxDepth {
		return nil, 0, unsupported(li, "nesting too deep")
	}
	defer func() { p.depth-- }()
	n := p.newNode()
	n.Style = yaml.FlowStyle
	n.Line, n.Column = li+1, p.col(li, pos)
	base := len(p.stack)
	var i int
	var err error
	if p.src[pos] == '[' {
		n.Kind, n.Tag = yaml.SequenceNode, "!!seq"
		i, err = p.flowSequence(li, pos+1)
	} else {
		n.Kind, n.Tag = yaml.MappingNode, "!!map"
		i, err = p.flowMapping(li, pos+1)
	}
	if err != nil {
		return nil, 0, err
	}
	n.Content = p.content(base)
	return n, i, nil
}

// flowSequence reads the entries after '[' at offset i onto the stack and
// returns the offset after the closing ']'.
func (p *parser) flowSequence(li, i int) (int, error) {
	s := p.src
	end := int(p.lines[li].end)
	i = skipSpaces(s, i, end)
	for {
		if i < end && s[i] == ']' {
			return i + 1, nil
		}
		item, next, err := p.flowItem(li, i, end)
		if err != nil {
			return 0, err
		}
		p.stack = append(p.stack, item)
		switch {
		case next < end && s[next] == ',':
			i = skipSpaces(s, next+1, end)
		case next < end && s[next] == ']':
			return next + 1, nil
		default: // a single-pair mapping, a comment, a line break, ...
			return 0, unsupported(li, "flow sequence entry not followed by ',' or ']' on its line")
		}
	}
}

// flowMapping reads the key/value pairs after '{' at offset i onto the
// stack and returns the offset after the closing '}'.
func (p *parser) flowMapping(li, i int) (int, error) {
	s := p.src
	end := int(p.lines[li].end)
	i = skipSpaces(s, i, end)
	for {
		if i < end && s[i] == '}' {
			return i + 1, nil
		}
		if i < end && (s[i] == '[' || s[i] == '{') {
			return 0, unsupported(li, "flow collection as a mapping key")
		}
		key, next, err := p.flowItem(li, i, end)
		if err != nil {
			return 0, err
		}
		// After a flow key, ':' is the value indicator whatever follows it
		// (a plain key only stops at one followed by a blank).
		if next == end || s[next] != ':' {
			return 0, unsupported(li, "flow mapping key without ':'")
		}
		if next-i > 1024 {
			return 0, unsupported(li, "implicit key longer than 1024 characters")
		}
		p.stack = append(p.stack, key)
		i = skipSpaces(s, next+1, end)
		if i < end && (s[i] == ',' || s[i] == '}') {
			// An empty value sits where the next indicator is.
			p.stack = append(p.stack, p.nullNode(li+1, p.col(li, i)))
		} else {
			var val *yaml.Node
			if val, i, err = p.flowItem(li, i, end); err != nil {
				return 0, err
			}
			p.stack = append(p.stack, val)
		}
		switch {
		case i < end && s[i] == ',':
			i = skipSpaces(s, i+1, end)
		case i < end && s[i] == '}':
			return i + 1, nil
		default:
			return 0, unsupported(li, "flow mapping entry not followed by ',' or '}' on its line")
		}
	}
}

// flowItem parses one node inside a flow collection at offset i and
// returns it with the offset of the next non-space after it.
func (p *parser) flowItem(li, i, end int) (*yaml.Node, int, error) {
	if i == end {
		return nil, 0, unsupported(li, "flow collection continues on the next line")
	}
	s := p.src
	switch s[i] {
	case '[', '{':
		n, after, err := p.flowNode(li, i)
		if err != nil {
			return nil, 0, err
		}
		return n, skipSpaces(s, after, end), nil
	case '?', ':':
		return nil, 0, unsupported(li, "explicit key or empty key in a flow collection")
	}
	return p.scalarToken(li, i, true)
}
