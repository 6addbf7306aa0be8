package source

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// Limits that keep hostile YAML from exhausting memory or the stack.
const (
	maxDepth = 512
)

// nodeError is a conversion error at a line of the document.
type nodeError struct {
	line int
	msg  string
}

func (e *nodeError) Error() string { return e.msg }

// toJSON converts a parsed YAML node to JSON the way Kubernetes reads YAML
// (YAML 1.1 booleans, merge keys, string map keys) while refusing duplicate
// keys and bounding alias expansion: an alias bomb stops at maxBytes.
func toJSON(n *yaml.Node, maxBytes int) ([]byte, error) {
	c := converter{max: maxBytes}
	if err := c.node(n, 0); err != nil {
		return nil, err
	}
	return c.buf, nil
}

type converter struct {
	buf []byte
	max int
}

func (c *converter) fail(n *yaml.Node, format string, args ...any) error {
	return &nodeError{line: n.Line, msg: fmt.Sprintf(format, args...)}
}

func (c *converter) node(n *yaml.Node, depth int) error {
	if depth > maxDepth {
		return c.fail(n, "nesting deeper than %d levels", maxDepth)
	}
	if len(c.buf) > c.max {
		return c.fail(n, "document expands to more than %d bytes (alias bomb?)", c.max)
	}
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			c.buf = append(c.buf, "null"...)
			return nil
		}
		return c.node(n.Content[0], depth+1)
	case yaml.AliasNode:
		if n.Alias == nil {
			return c.fail(n, "unknown alias %q", n.Value)
		}
		return c.node(n.Alias, depth+1)
	case yaml.SequenceNode:
		c.buf = append(c.buf, '[')
		for i, item := range n.Content {
			if i > 0 {
				c.buf = append(c.buf, ',')
			}
			if err := c.node(item, depth+1); err != nil {
				return err
			}
		}
		c.buf = append(c.buf, ']')
		return nil
	case yaml.MappingNode:
		return c.mapping(n, depth)
	case yaml.ScalarNode:
		return c.scalar(n)
	}
	return c.fail(n, "unexpected YAML node kind %d", n.Kind)
}

type pair struct {
	key string
	val *yaml.Node
}

func (c *converter) mapping(n *yaml.Node, depth int) error {
	pairs, err := c.pairs(n, depth, map[string]bool{})
	if err != nil {
		return err
	}
	c.buf = append(c.buf, '{')
	for i, p := range pairs {
		if i > 0 {
			c.buf = append(c.buf, ',')
		}
		c.buf = appendString(c.buf, p.key)
		c.buf = append(c.buf, ':')
		if err := c.node(p.val, depth+1); err != nil {
			return err
		}
	}
	c.buf = append(c.buf, '}')
	return nil
}

// pairs lists a mapping's keys and values; keys written out win over keys
// merged in with "<<", as in YAML 1.1 merge semantics.
func (c *converter) pairs(n *yaml.Node, depth int, seen map[string]bool) ([]pair, error) {
	if depth > maxDepth {
		return nil, c.fail(n, "nesting deeper than %d levels", maxDepth)
	}
	var own, merged []pair
	var merges []*yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		kd := k
		if kd.Kind == yaml.AliasNode && kd.Alias != nil {
			kd = kd.Alias
		}
		if kd.Kind != yaml.ScalarNode {
			return nil, c.fail(k, "mapping key is not a scalar")
		}
		if kd.ShortTag() == "!!merge" {
			merges = append(merges, v)
			continue
		}
		if seen[kd.Value] {
			return nil, c.fail(k, "duplicate key %q", kd.Value)
		}
		seen[kd.Value] = true
		own = append(own, pair{kd.Value, v})
	}
	for _, m := range merges {
		if m.Kind == yaml.AliasNode && m.Alias != nil {
			m = m.Alias
		}
		sources := []*yaml.Node{m}
		if m.Kind == yaml.SequenceNode {
			sources = m.Content
		}
		for _, src := range sources {
			if src.Kind == yaml.AliasNode && src.Alias != nil {
				src = src.Alias
			}
			if src.Kind != yaml.MappingNode {
				return nil, c.fail(m, "merge key value is not a mapping")
			}
			// Keys from a merged map never clash with each other as an error:
			// the first source wins, later ones only fill gaps.
			sub, err := c.pairs(src, depth+1, map[string]bool{})
			if err != nil {
				return nil, err
			}
			for _, p := range sub {
				if !seen[p.key] {
					seen[p.key] = true
					merged = append(merged, p)
				}
			}
		}
	}
	return append(own, merged...), nil
}

// yaml11Bools are the plain scalars YAML 1.1 (and so kubectl) reads as booleans.
var yaml11Bools = map[string]bool{
	"y": true, "Y": true, "yes": true, "Yes": true, "YES": true,
	"on": true, "On": true, "ON": true,
	"true": true, "True": true, "TRUE": true,
	"n": false, "N": false, "no": false, "No": false, "NO": false,
	"off": false, "Off": false, "OFF": false,
	"false": false, "False": false, "FALSE": false,
}

func (c *converter) scalar(n *yaml.Node) error {
	plain := n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle|yaml.LiteralStyle|yaml.FoldedStyle|yaml.TaggedStyle) == 0
	switch n.ShortTag() {
	case "!!null":
		c.buf = append(c.buf, "null"...)
		return nil
	case "!!bool":
		if b, ok := yaml11Bools[n.Value]; ok {
			c.buf = strconv.AppendBool(c.buf, b)
			return nil
		}
	case "!!int":
		v := strings.ReplaceAll(n.Value, "_", "")
		if i, err := strconv.ParseInt(v, 0, 64); err == nil {
			c.buf = strconv.AppendInt(c.buf, i, 10)
			return nil
		}
		if u, err := strconv.ParseUint(v, 0, 64); err == nil {
			c.buf = strconv.AppendUint(c.buf, u, 10)
			return nil
		}
	case "!!float":
		f, err := strconv.ParseFloat(strings.ReplaceAll(n.Value, "_", ""), 64)
		if err == nil {
			if math.IsInf(f, 0) || math.IsNaN(f) {
				return c.fail(n, "value %q cannot be represented in JSON", n.Value)
			}
			c.buf = strconv.AppendFloat(c.buf, f, 'g', -1, 64)
			return nil
		}
	case "!!str":
		if b, ok := yaml11Bools[n.Value]; ok && plain {
			c.buf = strconv.AppendBool(c.buf, b)
			return nil
		}
	}
	c.buf = appendString(c.buf, n.Value)
	return nil
}

// appendString writes s as a JSON string. The YAML parser has already
// rejected invalid UTF-8, but a stray byte is replaced rather than trusted.
func appendString(buf []byte, s string) []byte {
	const hex = "0123456789abcdef"
	buf = append(buf, '"')
	for i := 0; i < len(s); {
		b := s[i]
		if b < utf8.RuneSelf {
			switch {
			case b == '"' || b == '\\':
				buf = append(buf, '\\', b)
			case b == '\n':
				buf = append(buf, '\\', 'n')
			case b == '\r':
				buf = append(buf, '\\', 'r')
			case b == '\t':
				buf = append(buf, '\\', 't')
			case b < 0x20:
				buf = append(buf, '\\', 'u', '0', '0', hex[b>>4], hex[b&0xF])
			default:
				buf = append(buf, b)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			buf = append(buf, `\ufffd`...)
		} else {
			buf = append(buf, s[i:i+size]...)
		}
		i += size
	}
	return append(buf, '"')
}
