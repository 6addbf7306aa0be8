// Package yamlfast parses the common subset of YAML that Kubernetes
// manifests use into the same *yaml.Node trees that go.yaml.in/yaml/v3
// builds, several times faster.
//
// The fast path is line oriented: one pass splits and validates the lines,
// a recursive block parser walks them, single-line flow collections and
// scalars are decoded in place, and nodes are allocated in slabs. Scalar
// values share the memory of one string copy of the input wherever no
// unescaping is needed.
//
// Anything outside the subset makes Parse return ErrUnsupported, and the
// caller falls back to yaml.v3. The fast path never returns a tree that
// differs from yaml.v3's: when in doubt it declines. Comments are skipped,
// so HeadComment, LineComment and FootComment are always empty.
//
// Supported: comments; block mappings with plain or single-line quoted
// keys; block sequences (indented, at the key's indentation, and compact
// "- key: v" / "- - x" entries); single-line plain, single-quoted and
// double-quoted scalars; literal and folded block scalars with any chomping
// and indentation indicator; flow mappings and sequences that open and close
// on one line; empty values; a leading "---" line and a trailing "..." line;
// LF and CRLF line ends.
//
// Declined (ErrUnsupported): anchors, aliases, tags, "?" keys, directives,
// tabs outside quoted scalars, comments and block scalar content,
// multi-line plain or quoted scalars, multi-line flow collections, a second
// document, byte order marks, the NEL/LS/PS line breaks, and any input that
// yaml.v3 would reject.
package yamlfast

import (
	"errors"
	"fmt"
	"sync"

	"go.yaml.in/yaml/v3"
)

// ErrUnsupported is returned, possibly wrapped with the reason and line,
// when the input uses YAML that the fast path does not handle (or that is
// invalid). Callers then parse the input with yaml.v3, which also produces
// the real error message for invalid input.
var ErrUnsupported = errors.New("yamlfast: unsupported YAML")

// maxDepth bounds the nesting of collections; deeper input is declined so
// that hostile input cannot exhaust the stack.
const maxDepth = 256

// Parse parses one YAML document into a DocumentNode whose tree equals what
// yaml.Unmarshal(data, &node) gives: the same Kind, Tag, Value, Style, Line
// and Column for every node, in the same Content order. Comments are not
// recorded. Input without any document (empty, or only comments and blank
// lines) gives a zero Node, as yaml.Unmarshal does.
//
// data may start with a "---" line and end with a "..." line. It is not
// retained; scalar values share one copy of it.
func Parse(data []byte) (*yaml.Node, error) { return ParseIn(data, nil) }

// ParseIn is Parse taking the tree's memory from arena, when it is not
// nil; the tree is then valid until the arena's next Reset. With an arena,
// data is not copied: scalar values point into it, and the caller must
// not change it while they are in use.
func ParseIn(data []byte, arena *Arena) (*yaml.Node, error) {
	p := arena.takeParser()
	p.arena = arena
	defer p.release()
	if err := p.reset(data); err != nil {
		return nil, err
	}
	return p.document()
}

// parser holds the state of one Parse call. Its scratch buffers are reused
// across calls through parserPool; the nodes it hands out are not.
type parser struct {
	src   string // the input, copied once; scalar values are substrings of it
	lines []line
	depth int

	arena    *Arena       // where slabs come from; nil: they are allocated
	nodes    []yaml.Node  // slab the next nodes are taken from
	ptrs     []*yaml.Node // slab the Content slices are cut from
	slabs    int          // node slabs allocated so far
	ptrSlabs int          // pointer slabs allocated so far

	contentLines int          // lines that are neither blank nor comments
	stack        []*yaml.Node // children of the collections being parsed
	buf          []byte       // scratch for values that need unescaping or folding
}

var parserPool = sync.Pool{New: func() any { return new(parser) }}

func (p *parser) release() {
	p.src = ""
	p.lines = p.lines[:0]
	if p.arena != nil {
		p.arena.untouched(p.nodes, p.ptrs)
	}
	p.nodes = nil
	p.ptrs = nil
	p.slabs, p.ptrSlabs, p.contentLines = 0, 0, 0
	clear(p.stack[:cap(p.stack)])
	p.stack = p.stack[:0]
	p.buf = p.buf[:0]
	p.depth = 0
	if a := p.arena; a != nil {
		p.arena = nil
		a.parser = p
		return
	}
	parserPool.Put(p)
}

// slabSize is the number of nodes (and Content pointers) to allocate at
// once: about one and a half per content line for the first slab, which
// fits typical manifests (a key and a value on most lines, one node for a
// "- item" or a "key:" line), and small slabs after that, so that little
// zeroed memory goes unused.
func (p *parser) slabSize(first bool) int {
	if !first {
		return 64
	}
	n := p.contentLines + p.contentLines/2 + 4
	return min(n, 4096)
}

// newNode returns a zeroed node from the current slab.
func (p *parser) newNode() *yaml.Node {
	if len(p.nodes) == 0 {
		if p.arena != nil {
			p.nodes = p.arena.nodeSlab()
		} else {
			p.nodes = make([]yaml.Node, p.slabSize(p.slabs == 0))
		}
		p.slabs++
	}
	n := &p.nodes[0]
	p.nodes = p.nodes[1:]
	return n
}

// content moves the children pushed since base off the stack into a
// Content slice cut from the pointer slab. The slice's capacity is its
// length, so appending to it later never touches a neighbour.
func (p *parser) content(base int) []*yaml.Node {
	kids := p.stack[base:]
	if len(kids) == 0 {
		p.stack = p.stack[:base]
		return nil
	}
	if len(p.ptrs) < len(kids) {
		if p.arena != nil {
			p.ptrs = p.arena.ptrSlab(len(kids))
		} else {
			p.ptrs = make([]*yaml.Node, max(p.slabSize(p.ptrSlabs == 0), len(kids)))
		}
		p.ptrSlabs++
	}
	out := p.ptrs[:len(kids):len(kids)]
	p.ptrs = p.ptrs[len(kids):]
	copy(out, kids)
	clear(kids)
	p.stack = p.stack[:base]
	return out
}

// unsupported builds the error for input the fast path declines. li is a
// 0-based line index, or -1 when no line applies.
func unsupported(li int, why string) error {
	if li < 0 {
		return fmt.Errorf("%w: %s", ErrUnsupported, why)
	}
	return fmt.Errorf("%w: line %d: %s", ErrUnsupported, li+1, why)
}
