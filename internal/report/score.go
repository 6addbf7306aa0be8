package report

import (
	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
)

// ScoreWeights is how much a failing object counts per severity in the
// posture score (docs/compliance.md). Info findings do not move the score.
var ScoreWeights = map[check.Severity]int{
	check.Critical: 10, check.High: 5, check.Medium: 2, check.Low: 1, check.Info: 0,
}

// Score computes the posture score from 0 to 100 (docs/compliance.md):
//
//	100 × (1 − Σ w(sev)·failing_objects / Σ w(sev)·evaluated_objects)
//
// summed over the checks that ran, rounded down so that only a run without
// a failing object scores 100. Failing objects are the distinct objects
// with a shown fail or warn finding of the check; suppressed findings and
// objects a check could not evaluate count for neither side. It is nil
// when no weighted check evaluated any object: no score rather than a
// perfect one.
func Score(coverage []check.Coverage, findings []check.Finding) *int {
	type key struct {
		check string
		ref   kube.Ref
		file  string
	}
	failing := map[string]int{}
	seen := map[key]bool{}
	for _, f := range findings {
		if f.Suppressed != "" || (f.Status != check.StatusFail && f.Status != check.StatusWarn) {
			continue
		}
		k := key{f.Check, f.Object, f.Location.File}
		if !seen[k] {
			seen[k] = true
			failing[f.Check]++
		}
	}
	var bad, total int
	for _, c := range coverage {
		w := ScoreWeights[c.Severity]
		total += w * c.Objects
		bad += w * min(failing[c.Check], c.Objects)
	}
	if total == 0 {
		return nil
	}
	s := 100 * (total - bad) / total
	return &s
}
