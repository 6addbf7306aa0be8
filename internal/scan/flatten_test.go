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

// TestFlattenMergesOverlappingGroups: objects' findings come in one group
// each and analyzers' in groups of one that may fall inside an object's
// lines; the merge must be the sorted whole, every finding once.
func TestFlattenMergesOverlappingGroups(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for round := range 200 {
		var objects, analyzed [][]check.Finding
		var all []check.Finding
		for o := range 1 + rng.IntN(8) {
			ref := kube.Ref{APIVersion: "v1", Kind: "Pod", Namespace: "ns", Name: fmt.Sprintf("p%d", o)}
			file := fmt.Sprintf("f%d.yaml", rng.IntN(3))
			var own []check.Finding
			for range rng.IntN(6) {
				f := check.Finding{Check: fmt.Sprintf("c%d", rng.IntN(4)), Object: ref,
					Location: kube.Location{File: file, Line: 10*o + rng.IntN(10)}, Severity: check.Severity(rng.IntN(4))}
				if rng.IntN(4) == 0 {
					analyzed = append(analyzed, []check.Finding{f})
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
		sortGroups(objects)
		sortGroups(analyzed)
		got := flatten(objects, analyzed)
		if !slices.IsSortedFunc(got, report.CompareFindings) {
			t.Fatalf("round %d: the merge is out of order: %v", round, got)
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
	}
}
