package scan

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
	"github.com/kubeward/kubeward/internal/report"
)

// TestFlattenAndMerge: objects' findings come in one group each and
// analyzers' findings may fall inside an object's lines; flattening the
// groups and merging the analyzers' findings in must give the sorted
// whole, every finding once, whether the merge fits in the room flatten
// leaves or not.
func TestFlattenAndMerge(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for round := range 300 {
		var objects [][]check.Finding
		var analyzed, all []check.Finding
		manyAnalyzed := round%3 == 0 // more than flatten is told to leave room for
		for o := range 1 + rng.IntN(8) {
			ref := kube.Ref{APIVersion: "v1", Kind: "Pod", Namespace: "ns", Name: fmt.Sprintf("p%d", o)}
			file := fmt.Sprintf("f%d.yaml", rng.IntN(3))
			var own []check.Finding
			for range rng.IntN(6) {
				f := check.Finding{Check: fmt.Sprintf("c%d", rng.IntN(4)), Object: ref,
					Location: kube.Location{File: file, Line: 10*o + rng.IntN(10)}, Severity: check.Severity(rng.IntN(4))}
				if rng.IntN(4) == 0 {
					analyzed = append(analyzed, f)
				} else {
					own = append(own, f)
				}
				all = append(all, f)
			}
			if len(own) > 0 {
				slices.SortFunc(own, report.CompareFindings)
				objects = append(objects, own)
			}
		}
		if manyAnalyzed {
			for range 1100 {
				f := check.Finding{Check: "wide", Object: kube.Ref{Kind: "Namespace", Name: fmt.Sprintf("n%d", rng.IntN(50))},
					Location: kube.Location{File: fmt.Sprintf("f%d.yaml", rng.IntN(3)), Line: rng.IntN(80)}}
				analyzed, all = append(analyzed, f), append(all, f)
			}
		}
		sortGroups(objects)
		slices.SortFunc(analyzed, report.CompareFindings)
		spare := len(analyzed)
		if manyAnalyzed {
			spare = 10 // too little: merge makes room
		}
		flat := flatten(objects, spare)
		got := merge(flat, analyzed)
		if !slices.IsSortedFunc(got, report.CompareFindings) {
			t.Fatalf("round %d: the merge is out of order", round)
		}
		slices.SortFunc(all, report.CompareFindings)
		if len(got) != len(all) {
			t.Fatalf("round %d: %d findings merged, want %d", round, len(got), len(all))
		}
		for i := range all {
			if report.CompareFindings(got[i], all[i]) != 0 {
				t.Fatalf("round %d: finding %d is %v, want %v", round, i, got[i], all[i])
			}
		}
		if fits := cap(flat) >= len(all); len(got) > 0 && fits != (&got[0] == &flat[:1][0]) {
			t.Fatalf("round %d: room for %d, %d merged; merged in place: %v", round, cap(flat), len(all), !fits)
		}
	}
}
