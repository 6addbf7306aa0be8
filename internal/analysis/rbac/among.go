package rbac

import (
	"cmp"
	"slices"
)

// bestAmong completes a move to any of m.among, places [from, to) in
// s.allSAs: the first of the best chains, as if each account were a move
// of its own, of those not in seen that accept takes. Only the winner's
// words are written.
//
// Walking the accounts computes the chains of those not known yet, in
// order. Once every chain in the span is known, the same answer comes
// from s.known without walking: the same accounts are offered to many
// subjects (everyone who may create pods in a namespace, or anywhere), and
// a large inventory has many of both.
func (s *searcher) bestAmong(m move, seen []Subject, accept func(chain) bool) (chain, bool) {
	from, to := m.amongFrom, m.amongFrom+len(m.among)
	var out chain
	win := -1
	take := func(i int) bool {
		if slices.Contains(seen, s.allSAs[i]) {
			return false
		}
		c := s.saMemo[i]
		full := chain{hops: hops{n: m.viaHops + c.hops.n}, end: c.end}
		if accept != nil && !accept(full) {
			return false
		}
		out, win = full, i
		return true
	}
	if useKnown && s.known.pending.sum(from, to) == 0 {
		s.known.first(from, to, take)
	} else {
		// Most accounts lead nowhere: only the others are visited.
		for i := s.live(from); i < to; i = s.live(i + 1) {
			sa := s.allSAs[i]
			if slices.Contains(seen, sa) {
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
	}
	if win < 0 {
		return chain{}, false
	}
	first, rest := m.hopsVia(s.allSAs[win]), s.saMemo[win].hops
	out.hops.text = func() []string { return append(first.text(), rest.text()...) }
	return out, true
}

// useKnown is off only in tests, which hold the answers of s.known to the
// walk's.
var useKnown = true

// knownAccounts indexes the accounts whose best chains are known, by place
// in searcher.allSAs.
type knownAccounts struct {
	pending fenwick // 1 for each account whose chain is not known yet
	// ranked holds the places of the accounts leading somewhere, grouped
	// by how good their chain is (end rank, then hops), best group first,
	// each group in ascending place: the order of better, then of place.
	ranked []rankGroup
}

type rankGroup struct {
	rank, hops int
	places     []int32
}

func newKnownAccounts(n int) knownAccounts {
	k := knownAccounts{pending: newFenwick(n)}
	for i := range n {
		k.pending.add(i, 1)
	}
	return k
}

// learn records the chain of the account at place i, once.
func (k *knownAccounts) learn(i int, c *chain) {
	k.pending.add(i, -1)
	if c == nil {
		return
	}
	r, h := c.end.rank(), c.hops.n
	g, found := slices.BinarySearchFunc(k.ranked, [2]int{r, h}, func(g rankGroup, key [2]int) int {
		return cmp.Or(cmp.Compare(g.rank, key[0]), cmp.Compare(g.hops, key[1]))
	})
	if !found {
		k.ranked = slices.Insert(k.ranked, g, rankGroup{rank: r, hops: h})
	}
	p := k.ranked[g].places
	at, _ := slices.BinarySearch(p, int32(i))
	k.ranked[g].places = slices.Insert(p, at, int32(i))
}

// first offers take the accounts of [from, to) that lead somewhere, best
// chain first and then by place, until it takes one.
func (k *knownAccounts) first(from, to int, take func(i int) bool) {
	for _, g := range k.ranked {
		j, _ := slices.BinarySearch(g.places, int32(from))
		for ; j < len(g.places) && int(g.places[j]) < to; j++ {
			if take(int(g.places[j])) {
				return
			}
		}
	}
}

// fenwick is a binary indexed tree of counts by place: a count over any
// span of places in logarithmic time.
type fenwick []int32

func newFenwick(n int) fenwick { return make(fenwick, n+1) }

func (f fenwick) add(i int, d int32) {
	for i++; i < len(f); i += i & -i {
		f[i] += d
	}
}

// prefix is the count over places [0, i).
func (f fenwick) prefix(i int) int32 {
	var s int32
	for ; i > 0; i -= i & -i {
		s += f[i]
	}
	return s
}

// sum is the count over places [from, to).
func (f fenwick) sum(from, to int) int32 { return f.prefix(to) - f.prefix(from) }
