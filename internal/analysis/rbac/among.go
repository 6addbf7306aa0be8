package rbac

import (
	"cmp"
	"slices"
)

// span is a run of places [from, to) in searcher.allSAs: the accounts of
// one move that stands for many.
type span struct{ from, to int }

// rankFrom is the ask from which a span is ranked: most spans are asked
// about once. The tests raise it to hold the ranking to the full
// comparison.
var rankFrom = 2

// rankedSpan is what bestAmong keeps of a span: how often it was asked
// about, and once every account's chain in it is known, the places of the
// accounts that lead somewhere, best chain first.
type rankedSpan struct {
	visits int
	order  []int32
}

// bestAmong completes a move to any of m.among: the first of the best
// chains, as if each account were a move of its own, of those not in seen
// that accept takes. Only the winner's words are written.
//
// The same accounts are offered to many subjects (everyone who may create
// pods in a namespace gets its accounts), so once their chains are all
// known they are ranked, and later asks stop at the first account that
// qualifies instead of comparing every one.
func (s *searcher) bestAmong(m move, seen []Subject, accept func(chain) bool) (chain, bool) {
	at := span{m.amongFrom, m.amongFrom + len(m.among)}
	rs := s.spans[at]
	if rs == nil {
		rs = &rankedSpan{}
		s.spans[at] = rs
	}
	var out chain
	win := -1
	if rs.order != nil {
		for _, i := range rs.order {
			if slices.Contains(seen, s.allSAs[i]) {
				continue
			}
			c := s.saMemo[i]
			full := chain{hops: hops{n: m.viaHops + c.hops.n}, end: c.end}
			if accept == nil || accept(full) {
				out, win = full, int(i)
				break
			}
		}
	} else {
		known := true
		// Most accounts lead nowhere: only the others are visited.
		for i := s.live(at.from); i < at.to; i = s.live(i + 1) {
			sa := s.allSAs[i]
			if slices.Contains(seen, sa) {
				known = known && s.saDone[i]
				continue
			}
			c := s.saMemo[i]
			if !s.saDone[i] {
				c = s.best(sa, seen)
			}
			if c == nil {
				continue
			}
			full := chain{hops: hops{n: m.viaHops + c.hops.n}, end: c.end}
			if (accept == nil || accept(full)) && (win < 0 || better(full, out)) {
				out, win = full, i
			}
		}
		if rs.visits++; known && rs.visits >= rankFrom {
			rs.order = s.rank(at)
		}
	}
	if win < 0 {
		return chain{}, false
	}
	first, rest := m.hopsVia(s.allSAs[win]), s.saMemo[win].hops
	out.hops.text = func() []string { return append(first.text(), rest.text()...) }
	return out, true
}

// rank returns the places in the span of the accounts that lead
// somewhere, by their chains: most severe end, then fewest hops, then
// place, the order in which bestAmong's full comparison picks them.
func (s *searcher) rank(at span) []int32 {
	order := []int32{}
	for i := s.live(at.from); i < at.to; i = s.live(i + 1) {
		if s.saMemo[i] != nil {
			order = append(order, int32(i))
		}
	}
	slices.SortStableFunc(order, func(a, b int32) int {
		ca, cb := s.saMemo[a], s.saMemo[b]
		return cmp.Or(cmp.Compare(ca.end.rank(), cb.end.rank()), cmp.Compare(ca.hops.n, cb.hops.n))
	})
	return order
}
