package selectors

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
)

// TestIndexAgreesWithTryingEach: over random selectors of every operator,
// the empty selector and one that selects nothing, the index yields what
// trying each selector in turn yields, in the same order.
func TestIndexAgreesWithTryingEach(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	keys, values := []string{"app", "tier", "team"}, []string{"a", "b", "c"}
	pick := func(xs []string) string { return xs[rng.IntN(len(xs))] }
	ops := []metav1.LabelSelectorOperator{metav1.LabelSelectorOpIn, metav1.LabelSelectorOpNotIn,
		metav1.LabelSelectorOpExists, metav1.LabelSelectorOpDoesNotExist}
	for round := range 300 {
		var x Index[int]
		var all []labels.Selector
		for i := range rng.IntN(20) {
			ls := &metav1.LabelSelector{}
			for range rng.IntN(3) {
				if ls.MatchLabels == nil {
					ls.MatchLabels = map[string]string{}
				}
				ls.MatchLabels[pick(keys)] = pick(values)
			}
			for range rng.IntN(3) {
				e := metav1.LabelSelectorRequirement{Key: pick(keys), Operator: ops[rng.IntN(len(ops))]}
				if e.Operator == metav1.LabelSelectorOpIn || e.Operator == metav1.LabelSelectorOpNotIn {
					e.Values = []string{pick(values), pick(values)}
				}
				ls.MatchExpressions = append(ls.MatchExpressions, e)
			}
			s, err := metav1.LabelSelectorAsSelector(ls)
			if err != nil {
				t.Fatal(err)
			}
			if i%7 == 6 {
				s = labels.Nothing()
			}
			x.Add(s, i)
			all = append(all, s)
		}
		if x.Len() != len(all) {
			t.Fatalf("round %d: Len %d, want %d", round, x.Len(), len(all))
		}
		for range 20 {
			set := labels.Set{}
			for range rng.IntN(4) {
				set[pick(keys)] = pick(values)
			}
			var want []int
			for i, s := range all {
				if s.Matches(set) {
					want = append(want, i)
				}
			}
			if got := slices.Collect(x.Matching(set)); !slices.Equal(got, want) {
				t.Fatalf("round %d: Matching(%v) = %v, want %v (selectors %v)", round, set, got, want, fmt.Sprint(all))
			}
			for got := range x.Matching(set) {
				if got != want[0] {
					t.Fatalf("round %d: Matching(%v) starts with %d, want %d", round, set, got, want[0])
				}
				break // stopping early is allowed
			}
			if got := x.Any(set); got != (len(want) > 0) {
				t.Fatalf("round %d: Any(%v) = %v, want %v", round, set, got, len(want) > 0)
			}
		}
	}
}

// TestByNamespace: selectors stay in their namespace, and a namespace
// without any matches nothing.
func TestByNamespace(t *testing.T) {
	m := ByNamespace[string]{}
	m.Add("a", labels.SelectorFromSet(labels.Set{"app": "web"}), "web-a")
	m.Add("b", labels.Everything(), "all-b")
	web := labels.Set{"app": "web"}
	if got := slices.Collect(m["a"].Matching(web)); !slices.Equal(got, []string{"web-a"}) {
		t.Errorf("namespace a: %v", got)
	}
	if got := slices.Collect(m["b"].Matching(web)); !slices.Equal(got, []string{"all-b"}) {
		t.Errorf("namespace b: %v", got)
	}
	if m["c"].Any(web) || len(slices.Collect(m["c"].Matching(web))) != 0 {
		t.Error("a namespace with no selectors matched")
	}
}
