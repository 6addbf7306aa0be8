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
	// The tails of the last slabs lent that no parse has written to: Reset
	// need not clear them. Clearing whole slabs after each small document
	// was 3% of a scan's CPU.
	nodesUntouched, ptrsUntouched int
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
	clearLent(a.nodes[:a.nodesLent], a.nodesUntouched)
	clearLent(a.ptrs[:a.ptrsLent], a.ptrsUntouched)
	a.nodesUntouched, a.ptrsUntouched = 0, 0
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

// clearLent clears lent slabs, but for the untouched tail of the last.
func clearLent[T any](lent [][]T, untouched int) {
	for i, s := range lent {
		if i == len(lent)-1 {
			s = s[:len(s)-untouched]
		}
		clear(s)
	}
}

// untouched records what a parse left unused of its current slabs: when
// such a remainder is the tail of the arena's last lent slab, nothing was
// written there.
func (a *Arena) untouched(nodes []yaml.Node, ptrs []*yaml.Node) {
	if n := len(nodes); n > 0 && a.nodesLent > 0 {
		if last := a.nodes[a.nodesLent-1]; &last[len(last)-1] == &nodes[n-1] {
			a.nodesUntouched = n
		}
	}
	if n := len(ptrs); n > 0 && a.ptrsLent > 0 {
		if last := a.ptrs[a.ptrsLent-1]; &last[len(last)-1] == &ptrs[n-1] {
			a.ptrsUntouched = n
		}
	}
}

// nodeSlab lends a cleared slab of nodes.
func (a *Arena) nodeSlab() []yaml.Node {
	if a.nodesLent == len(a.nodes) {
		a.nodes = append(a.nodes, make([]yaml.Node, arenaSlab))
	}
	a.nodesLent++
	a.nodesUntouched = 0 // known at the parse's end
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
	a.ptrsUntouched = 0
	return a.ptrs[a.ptrsLent-1]
}
