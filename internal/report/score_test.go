package report

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
)

// TestScore pins the formula of docs/compliance.md on exact values,
// including the worked example there.
func TestScore(t *testing.T) {
	ref := func(name string) kube.Ref { return kube.Ref{APIVersion: "v1", Kind: "Pod", Name: name} }
	fail := func(id, name string) check.Finding {
		return check.Finding{Check: id, Status: check.StatusFail, Object: ref(name), Location: kube.Location{File: "a.yaml"}}
	}
	// The worked example: 10 objects; privileged-container (critical)
	// fails on 1, run-as-non-root (medium) on 4 (one of them twice),
	// missing-liveness-probe (low) on 10, an info check on 3.
	example := []check.Coverage{
		{Check: "privileged-container", Severity: check.Critical, Objects: 10},
		{Check: "run-as-non-root", Severity: check.Medium, Objects: 10},
		{Check: "missing-liveness-probe", Severity: check.Low, Objects: 10},
		{Check: "info-only", Severity: check.Info, Objects: 10},
	}
	var exampleFindings []check.Finding
	exampleFindings = append(exampleFindings, fail("privileged-container", "p0"))
	for _, n := range []string{"p0", "p1", "p2", "p3", "p3"} {
		exampleFindings = append(exampleFindings, fail("run-as-non-root", n))
	}
	for _, n := range []string{"p0", "p1", "p2", "p3", "p4", "p5", "p6", "p7", "p8", "p9"} {
		exampleFindings = append(exampleFindings, fail("missing-liveness-probe", n))
	}
	for _, n := range []string{"p0", "p1", "p2"} {
		exampleFindings = append(exampleFindings, fail("info-only", n))
	}
	suppressed := fail("privileged-container", "p5")
	suppressed.Suppressed = "config: reviewed"
	errored := fail("privileged-container", "p6")
	errored.Status = check.StatusError

	for _, c := range []struct {
		name     string
		coverage []check.Coverage
		findings []check.Finding
		want     *int
	}{
		// 100 × (1 − (10·1 + 2·4 + 1·10) / (10·10 + 2·10 + 1·10)) = 100 × (1 − 28/130) = 78.46 → 78
		{"worked example", example, exampleFindings, ptr(78)},
		{"suppressed and error findings do not count", example, []check.Finding{suppressed, errored}, ptr(100)},
		{"one low failure keeps it below 100", []check.Coverage{{Check: "l", Severity: check.Low, Objects: 1000}},
			[]check.Finding{fail("l", "x")}, ptr(99)},
		{"everything failing", []check.Coverage{{Check: "c", Severity: check.Critical, Objects: 1}},
			[]check.Finding{fail("c", "x")}, ptr(0)},
		{"nothing evaluated", []check.Coverage{{Check: "c", Severity: check.Critical}}, nil, nil},
		{"only info checks", []check.Coverage{{Check: "i", Severity: check.Info, Objects: 5}}, nil, nil},
	} {
		got := Score(c.coverage, c.findings)
		if (got == nil) != (c.want == nil) || (got != nil && *got != *c.want) {
			t.Errorf("%s: Score = %v, want %v", c.name, deref(got), deref(c.want))
		}
	}
}

func ptr(n int) *int { return &n }

func deref(p *int) any {
	if p == nil {
		return nil
	}
	return *p
}

// TestFailingObjectsInAnyOrder: counted run by run over findings in report
// order or through a set over shuffled ones, failing objects are the same;
// objects that differ only in API version or file count apart.
func TestFailingObjectsInAnyOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for round := range 200 {
		var fs []check.Finding
		for range rng.IntN(60) {
			f := check.Finding{
				Check:    fmt.Sprintf("c%d", rng.IntN(5)),
				Status:   []check.Status{check.StatusFail, check.StatusWarn, check.StatusError}[rng.IntN(3)],
				Object:   kube.Ref{APIVersion: fmt.Sprintf("v%d", 1+rng.IntN(2)), Kind: "Pod", Name: fmt.Sprintf("p%d", rng.IntN(4))},
				Location: kube.Location{File: fmt.Sprintf("f%d.yaml", rng.IntN(2)), Line: rng.IntN(30)},
			}
			if rng.IntN(8) == 0 {
				f.Suppressed = "config: reviewed"
			}
			fs = append(fs, f)
		}
		want := failingObjectsBySet(fs)
		slices.SortFunc(fs, CompareFindings)
		if got := failingObjects(fs); !maps.Equal(got, want) {
			t.Fatalf("round %d: in report order %v, by set %v", round, got, want)
		}
		rng.Shuffle(len(fs), func(i, j int) { fs[i], fs[j] = fs[j], fs[i] })
		if got := failingObjects(fs); !maps.Equal(got, want) {
			t.Fatalf("round %d: shuffled %v, by set %v", round, got, want)
		}
	}
}
