package kube

import (
	"fmt"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// A field path names one field of an object: dot-separated keys, [N] for a
// list index and ["key"] for a key that contains dots or brackets, e.g.
// spec.containers[0].securityContext or metadata.annotations["a.b/c"].

// Key appends a map key to a field path, quoting it when it needs to be.
func Key(path, key string) string {
	if strings.ContainsAny(key, `.[]"`) || key == "" {
		return path + "[" + strconv.Quote(key) + "]"
	}
	if path == "" {
		return key
	}
	return path + "." + key
}

// Index appends a list index to a field path.
func Index(path string, i int) string { return fmt.Sprintf("%s[%d]", path, i) }

// pathSegment is one step of a parsed field path: a key or an index.
type pathSegment struct {
	key   string
	index int // -1 for a key
}

// parsePath splits a field path into segments. It is lenient: a malformed
// path yields the segments that parsed, since a path only guides a position.
func parsePath(path string) []pathSegment { return appendPath(nil, path) }

// appendPath is parsePath appending to segs: a caller with a small array
// on its stack parses without allocating (Locate runs for every finding).
func appendPath(segs []pathSegment, path string) []pathSegment {
	for i := 0; i < len(path); {
		switch path[i] {
		case '.':
			i++
		case '[':
			end := strings.IndexByte(path[i:], ']')
			if i+1 < len(path) && path[i+1] == '"' {
				// quoted key: find the closing quote honouring escapes
				j := i + 2
				for j < len(path) && path[j] != '"' {
					if path[j] == '\\' {
						j++
					}
					j++
				}
				if j >= len(path) {
					return segs
				}
				key, err := strconv.Unquote(path[i+1 : j+1])
				if err != nil {
					return segs
				}
				segs = append(segs, pathSegment{key: key, index: -1})
				i = j + 1
				if i < len(path) && path[i] == ']' {
					i++
				}
				continue
			}
			if end < 0 {
				return segs
			}
			n, err := strconv.Atoi(path[i+1 : i+end])
			if err != nil || n < 0 {
				return segs
			}
			segs = append(segs, pathSegment{index: n})
			i += end + 1
		default:
			j := i
			for j < len(path) && path[j] != '.' && path[j] != '[' {
				j++
			}
			segs = append(segs, pathSegment{key: path[i:j], index: -1})
			i = j
		}
	}
	return segs
}

// LocatePath finds the line and column (1-based, relative to the node's own
// document) of the field a path names, or of its deepest existing ancestor.
// For a map key the position is the key's, which is where a reader looks.
func LocatePath(root *yaml.Node, path string) (line, col int, ok bool) {
	n := ResolveNode(root)
	if n == nil {
		return 0, 0, false
	}
	line, col = n.Line, n.Column
	var buf [16]pathSegment
	for _, seg := range appendPath(buf[:0], path) {
		n = ResolveNode(n)
		if n == nil {
			break
		}
		var next, at *yaml.Node
		switch {
		case seg.index >= 0 && n.Kind == yaml.SequenceNode && seg.index < len(n.Content):
			next = n.Content[seg.index]
			at = next
		case seg.index < 0 && n.Kind == yaml.MappingNode:
			budget := maxMerged
			at, next = lookupKey(n, seg.key, &budget)
		}
		if next == nil {
			break
		}
		line, col = at.Line, at.Column
		n = next
	}
	return line, col, true
}

// maxMerged bounds the merged maps one key lookup searches, so a merge
// cycle ("&a {<<: [*a, *a]}") cannot make it run without end.
const maxMerged = 64

// lookupKey finds a key of a mapping and its value. A key written in the
// mapping wins; otherwise the maps merged in with "<<" are searched in
// order, as YAML merge semantics read them, and the position is where the
// merged key is written.
// budget counts down the merged maps still allowed to be searched.
func lookupKey(n *yaml.Node, key string, budget *int) (at, val *yaml.Node) {
	var merges []*yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		switch kr := ResolveNode(k); {
		case kr == nil:
		case kr.Kind == yaml.ScalarNode && kr.Value == key && kr.ShortTag() != "!!merge":
			return k, n.Content[i+1]
		case kr.ShortTag() == "!!merge":
			merges = append(merges, n.Content[i+1])
		}
	}
	for _, m := range merges {
		m = ResolveNode(m)
		sources := []*yaml.Node{m}
		if m != nil && m.Kind == yaml.SequenceNode {
			sources = m.Content
		}
		for _, src := range sources {
			if src = ResolveNode(src); src != nil && src.Kind == yaml.MappingNode {
				if *budget <= 0 {
					return nil, nil
				}
				*budget--
				if at, val := lookupKey(src, key, budget); at != nil {
					return at, val
				}
			}
		}
	}
	return nil, nil
}

// ResolveNode unwraps document and alias nodes, bounded so a cycle cannot loop.
func ResolveNode(n *yaml.Node) *yaml.Node {
	for range 16 {
		switch {
		case n == nil:
			return nil
		case n.Kind == yaml.DocumentNode && len(n.Content) > 0:
			n = n.Content[0]
		case n.Kind == yaml.AliasNode:
			n = n.Alias
		default:
			return n
		}
	}
	return n
}

// Field returns the node a field path names, or nil when any part of the
// path is missing. It reads the object's YAML node tree, so checks that
// need one scalar need not decode the object; objects without a node tree
// (read from a cluster) return nil, and callers fall back to decoding.
func (o *Object) Field(path string) *yaml.Node {
	n := ResolveNode(o.Node)
	for _, seg := range parsePath(path) {
		if n = ResolveNode(n); n == nil {
			return nil
		}
		switch {
		case seg.index >= 0 && n.Kind == yaml.SequenceNode && seg.index < len(n.Content):
			n = n.Content[seg.index]
		case seg.index < 0 && n.Kind == yaml.MappingNode:
			budget := maxMerged
			_, n = lookupKey(n, seg.key, &budget)
		default:
			return nil
		}
	}
	return ResolveNode(n)
}
