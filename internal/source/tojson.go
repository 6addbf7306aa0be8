package source

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// Limits that keep hostile YAML from exhausting memory, time or the stack.
const (
	// maxDepth bounds nesting; the converter recurses once per level.
	maxDepth = 512
	// maxAliasNodes bounds the nodes reached through aliases and merge keys
	// in one document: an alias bomb ("billion laughs") is refused after
	// this much work instead of when its output reaches the byte limit.
	maxAliasNodes = 1 << 20
)

// errBudget marks an expansion over the document's budget.
var errBudget = errors.New("expansion budget exceeded")

// nodeError is a conversion error at a line of the document.
type nodeError struct {
	line int
	msg  string
	err  error
}

func (e *nodeError) Error() string { return e.msg }
func (e *nodeError) Unwrap() error { return e.err }

// toJSON converts a parsed YAML node to JSON the way Kubernetes reads YAML
// (YAML 1.1 booleans, merge keys, string map keys) while refusing duplicate
// keys and bounding alias expansion: an alias bomb stops at maxBytes.
func toJSON(n *yaml.Node, maxBytes int) ([]byte, error) {
	c := converter{max: maxBytes}
	return c.convert(n)
}

// converter turns nodes into JSON. One converter serves a whole document,
// so the budgets cover all the objects of a List together.
type converter struct {
	buf     []byte
	hint    int // capacity to start an object's JSON with: about its YAML's size
	max     int // bytes of JSON the document may produce in all
	written int // bytes produced by earlier objects of the document
	aliased int // nodes reached through aliases and merges so far
	inAlias int // > 0 while expanding an alias
	// aliasLine is the line of the outermost alias being expanded: budget
	// errors point there, where the expansion is asked for.
	aliasLine int
	// metaStart and metaEnd delimit the top-level metadata value in buf
	// after convert; both zero when there is none or it came from a merge.
	metaStart, metaEnd int
}

// expand runs f as the expansion of the alias or merge at n.
func (c *converter) expand(n *yaml.Node, f func() error) error {
	if c.inAlias == 0 {
		c.aliasLine = n.Line
	}
	c.inAlias++
	err := f()
	c.inAlias--
	return err
}

// convert returns the JSON of one node; the slice is the caller's.
func (c *converter) convert(n *yaml.Node) ([]byte, error) {
	c.buf = make([]byte, 0, c.hint)
	c.metaStart, c.metaEnd = 0, 0
	if err := c.node(n, 0); err != nil {
		return nil, err
	}
	c.written += len(c.buf)
	return c.buf, nil
}

func (c *converter) fail(n *yaml.Node, format string, args ...any) error {
	return &nodeError{line: n.Line, msg: fmt.Sprintf(format, args...)}
}

// enter accounts for one node and says whether the budgets allow it.
func (c *converter) enter(n *yaml.Node, depth int) error {
	if depth > maxDepth {
		return c.fail(n, "nesting deeper than %d levels", maxDepth)
	}
	line := n.Line
	if c.inAlias > 0 {
		line = c.aliasLine
	}
	if c.written+len(c.buf) > c.max {
		return &nodeError{line: line, err: errBudget,
			msg: fmt.Sprintf("document expands to more than %d bytes of JSON (alias bomb?)", c.max)}
	}
	if c.inAlias > 0 {
		c.aliased++
		if c.aliased > maxAliasNodes {
			return &nodeError{line: line, err: errBudget,
				msg: fmt.Sprintf("aliases expand to more than %d nodes (alias bomb?)", maxAliasNodes)}
		}
	}
	return nil
}

func (c *converter) node(n *yaml.Node, depth int) error {
	if err := c.enter(n, depth); err != nil {
		return err
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
		return c.expand(n, func() error { return c.node(n.Alias, depth+1) })
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
	if plainKeys(n) {
		return c.plainMapping(n, depth)
	}
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

// plainKeys reports whether every key of a mapping is a scalar written out
// (no alias, no merge key): the common case, which needs no pair list.
func plainKeys(n *yaml.Node) bool {
	if len(n.Content)%2 != 0 {
		return false
	}
	for i := 0; i < len(n.Content); i += 2 {
		if k := n.Content[i]; k.Kind != yaml.ScalarNode || k.ShortTag() == "!!merge" {
			return false
		}
	}
	return true
}

// plainMapping writes a mapping of plain keys straight from the node. At
// the top level it records where metadata's JSON lies, so the object's
// head decodes without a second pass over the whole object.
func (c *converter) plainMapping(n *yaml.Node, depth int) error {
	if k := duplicateKey(n.Content); k != nil {
		return c.fail(k, "duplicate key %q", k.Value)
	}
	c.buf = append(c.buf, '{')
	for i := 0; i < len(n.Content); i += 2 {
		if i > 0 {
			c.buf = append(c.buf, ',')
		}
		key := n.Content[i].Value
		c.buf = appendString(c.buf, key)
		c.buf = append(c.buf, ':')
		start := len(c.buf)
		if err := c.node(n.Content[i+1], depth+1); err != nil {
			return err
		}
		if depth == 0 && key == "metadata" {
			c.metaStart, c.metaEnd = start, len(c.buf)
		}
	}
	c.buf = append(c.buf, '}')
	return nil
}

// duplicateKey returns the second occurrence of a repeated key, if any.
// Small mappings, nearly all of them, are checked without a map.
func duplicateKey(content []*yaml.Node) *yaml.Node {
	if len(content) <= 32 {
		for i := 2; i < len(content); i += 2 {
			for j := 0; j < i; j += 2 {
				if content[i].Value == content[j].Value {
					return content[i]
				}
			}
		}
		return nil
	}
	seen := make(map[string]bool, len(content)/2)
	for i := 0; i < len(content); i += 2 {
		if seen[content[i].Value] {
			return content[i]
		}
		seen[content[i].Value] = true
	}
	return nil
}

// pairs lists a mapping's keys and values; keys written out win over keys
// merged in with "<<", as in YAML 1.1 merge semantics.
func (c *converter) pairs(n *yaml.Node, depth int, seen map[string]bool) ([]pair, error) {
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
	for _, at := range merges {
		m := at
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
				return nil, c.fail(at, "merge key value is not a mapping")
			}
			// Keys from a merged map never clash with each other as an error:
			// the first source wins, later ones only fill gaps.
			var sub []pair
			err := c.expand(at, func() error {
				if err := c.enter(src, depth+1); err != nil {
					return err
				}
				var err error
				sub, err = c.pairs(src, depth+1, map[string]bool{})
				return err
			})
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
		v := strings.ReplaceAll(n.Value, "_", "")
		if special(v) {
			// .inf and .nan have no JSON form; kubectl refuses them too
			return c.fail(n, "value %q cannot be represented in JSON", n.Value)
		}
		// an overflow (1e999) comes back as an infinity and ErrRange
		if f, err := strconv.ParseFloat(v, 64); err == nil || math.IsInf(f, 0) {
			if math.IsInf(f, 0) || math.IsNaN(f) {
				return c.fail(n, "value %q cannot be represented in JSON", n.Value)
			}
			c.buf = appendFloat(c.buf, f)
			return nil
		}
	case "!!str":
		if isPlainBool(n) {
			c.buf = strconv.AppendBool(c.buf, yaml11Bools[n.Value])
			return nil
		}
	}
	c.buf = appendString(c.buf, n.Value)
	return nil
}

// isPlainBool says whether a scalar is one of YAML 1.1's booleans written
// plain (yes, off, ...): YAML 1.2 reads it as a string, kubectl as a bool.
func isPlainBool(n *yaml.Node) bool {
	if len(n.Value) > 5 || n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle|yaml.LiteralStyle|yaml.FoldedStyle|yaml.TaggedStyle) != 0 {
		return false
	}
	_, ok := yaml11Bools[n.Value]
	return ok
}

// special reports YAML's infinities and not-a-number (.inf, -.Inf, .NaN).
func special(v string) bool {
	v = strings.TrimLeft(v, "+-")
	return strings.HasPrefix(v, ".") && (strings.EqualFold(v, ".inf") || strings.EqualFold(v, ".nan"))
}

// appendFloat formats a float the way encoding/json does, so a whole
// number written as 1e3 decodes into an integer field as kubectl's does.
func appendFloat(buf []byte, f float64) []byte {
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		buf = strconv.AppendFloat(buf, f, 'e', -1, 64)
		// 1e-07 -> 1e-7, as encoding/json writes it
		if n := len(buf); n >= 4 && buf[n-4] == 'e' && buf[n-3] == '-' && buf[n-2] == '0' {
			buf[n-2] = buf[n-1]
			buf = buf[:n-1]
		}
		return buf
	}
	return strconv.AppendFloat(buf, f, 'f', -1, 64)
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
