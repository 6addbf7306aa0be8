// Package selectors finds the label selectors that may match a set of
// labels without trying each one: inventory analyses ask, for every
// workload of a namespace, which of its PodDisruptionBudgets or
// NetworkPolicies select it, and a namespace may hold thousands of each.
package selectors

import (
	"iter"
	"slices"

	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/selection"
)

// Index holds selectors, each with a value, and yields those that match a
// set of labels. A selector that requires a label to equal one of some
// values is filed under one such requirement and tried only for labels
// that meet it; one without (empty, or only Exists, NotIn, ...) is tried
// for every set.
type Index[T any] struct {
	entries []entry[T]
	byLabel map[label][]int // a required label: the entries filed under it
	always  []int           // entries with no equality requirement
}

type label struct{ key, value string }

type entry[T any] struct {
	selector labels.Selector
	value    T
}

// Add files a selector and its value.
func (x *Index[T]) Add(s labels.Selector, v T) {
	at := len(x.entries)
	x.entries = append(x.entries, entry[T]{s, v})
	reqs, _ := s.Requirements()
	for _, r := range reqs {
		switch r.Operator() {
		case selection.Equals, selection.DoubleEquals, selection.In:
			if x.byLabel == nil {
				x.byLabel = map[label][]int{}
			}
			// A set holds one value per key, so it finds the entry under
			// at most one of these.
			for _, v := range r.Values().UnsortedList() {
				k := label{r.Key(), v}
				x.byLabel[k] = append(x.byLabel[k], at)
			}
			return
		}
	}
	x.always = append(x.always, at)
}

// ByNamespace holds an Index per namespace, made on the first selector
// filed there.
type ByNamespace[T any] map[string]*Index[T]

// Add files a selector of namespace ns and its value.
func (m ByNamespace[T]) Add(ns string, s labels.Selector, v T) {
	x := m[ns]
	if x == nil {
		x = &Index[T]{}
		m[ns] = x
	}
	x.Add(s, v)
}

// Len is the number of selectors held.
func (x *Index[T]) Len() int { return len(x.entries) }

// Matching yields the values of the selectors that match set, in the
// order they were added. A nil Index holds none.
func (x *Index[T]) Matching(set labels.Set) iter.Seq[T] {
	return func(yield func(T) bool) {
		if x == nil {
			return
		}
		candidates := slices.Clone(x.always)
		for k, v := range set {
			candidates = append(candidates, x.byLabel[label{k, v}]...)
		}
		slices.Sort(candidates)
		for _, i := range candidates {
			if e := x.entries[i]; e.selector.Matches(set) && !yield(e.value) {
				return
			}
		}
	}
}

// Any reports whether any selector matches set. A nil Index holds none.
func (x *Index[T]) Any(set labels.Set) bool {
	if x == nil {
		return false
	}
	for _, i := range x.always {
		if x.entries[i].selector.Matches(set) {
			return true
		}
	}
	for k, v := range set {
		for _, i := range x.byLabel[label{k, v}] {
			if x.entries[i].selector.Matches(set) {
				return true
			}
		}
	}
	return false
}
