package report

import (
	"slices"

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
	failing := failingObjects(findings)
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

// failingObjects counts, per check, the distinct objects (by reference
// and file) with a shown fail or warn finding. In report order an object's
// findings lie together, so they are counted a run at a time, with no set
// over half a million findings; findings in another order are counted
// through one.
func failingObjects(findings []check.Finding) map[string]int {
	type inRun struct{ check, apiVersion string }
	failing := map[string]int{}
	var run []inRun
	var first *check.Finding // the current run's first finding
	for i := range findings {
		f := &findings[i]
		if !failsObject(f) {
			continue
		}
		c := -1 // a first run starts
		if first != nil {
			c = compareObjects(first, f)
		}
		switch {
		case c > 0:
			return failingObjectsBySet(findings)
		case c < 0:
			first, run = f, run[:0]
		}
		if k := (inRun{f.Check, f.Object.APIVersion}); !slices.Contains(run, k) {
			run = append(run, k)
			failing[f.Check]++
		}
	}
	return failing
}

func failingObjectsBySet(findings []check.Finding) map[string]int {
	type key struct {
		check string
		ref   kube.Ref
		file  string
	}
	failing := map[string]int{}
	seen := map[key]bool{}
	for i := range findings {
		f := &findings[i]
		if !failsObject(f) {
			continue
		}
		if k := (key{f.Check, f.Object, f.Location.File}); !seen[k] {
			seen[k] = true
			failing[f.Check]++
		}
	}
	return failing
}

// failsObject reports whether a finding counts its object as failing.
func failsObject(f *check.Finding) bool {
	return f.Suppressed == "" && (f.Status == check.StatusFail || f.Status == check.StatusWarn)
}
