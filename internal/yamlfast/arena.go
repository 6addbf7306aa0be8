package yamlfast

import "go.yaml.in/yaml/v3"

// Arena lends its memory to the trees ParseIn builds and takes it back at
// Reset, so that a caller parsing one document after another allocates
// nodes only for its largest document rather than for every one. Node
// trees are most of what a scan allocates, and what is not allocated the
// collector does not have to reclaim.
//
// An Arena is not safe for concurrent use. Every tree parsed into it is
// invalid after Reset: nothing may keep a node, or a Content slice, past
// it.
type Arena struct {
	nodes [][]yaml.Node
	ptrs  [][]*yaml.Node
	// lent counts the slabs handed out since the last Reset.
	nodesLent, ptrsLent int
	// parser is the arena's own parser state, so that its scratch buffers
	// stay warm without the shared pool, which the collector may empty.
	parser *parser
}

// takeParser hands out the arena's parser, or one from the shared pool
// when there is no arena.
func (a *Arena) takeParser() *parser {
	if a == nil {
		return parserPool.Get().(*parser)
	}
	p := a.parser
	a.parser = nil
	if p == nil {
		p = new(parser)
	}
	return p
}

// arenaSlab is the size of an arena's slabs: small enough that a short
// document does not dirty much memory, large enough that a long one takes
// few.
const arenaSlab = 512

// arenaKeep bounds the slabs an arena keeps across Reset, about 8 MB of
// nodes: a rare huge document does not pin its memory for the rest of a
// scan.
const arenaKeep = 96

// Reset takes back everything lent since the last Reset, cleared for the
// next trees.
func (a *Arena) Reset() {
	for _, s := range a.nodes[:a.nodesLent] {
		clear(s)
	}
	for _, s := range a.ptrs[:a.ptrsLent] {
		clear(s)
	}
	if len(a.nodes) > arenaKeep {
		clear(a.nodes[arenaKeep:])
		a.nodes = a.nodes[:arenaKeep]
	}
	if len(a.ptrs) > arenaKeep {
		clear(a.ptrs[arenaKeep:])
		a.ptrs = a.ptrs[:arenaKeep]
	}
	a.nodesLent, a.ptrsLent = 0, 0
}

// nodeSlab lends a cleared slab of nodes.
func (a *Arena) nodeSlab() []yaml.Node {
	if a.nodesLent == len(a.nodes) {
		a.nodes = append(a.nodes, make([]yaml.Node, arenaSlab))
	}
	a.nodesLent++
	return a.nodes[a.nodesLent-1]
}

// ptrSlab lends a cleared slab of at least n node pointers. One larger
// than a slab (a mapping of more than 256 keys) is made for the call and
// not kept.
func (a *Arena) ptrSlab(n int) []*yaml.Node {
	if n > arenaSlab {
		return make([]*yaml.Node, n)
	}
	if a.ptrsLent == len(a.ptrs) {
		a.ptrs = append(a.ptrs, make([]*yaml.Node, arenaSlab))
	}
	a.ptrsLent++
	return a.ptrs[a.ptrsLent-1]
}
