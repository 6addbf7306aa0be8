package bench

import (
	"slices"
	"strings"
	"testing"
)

// TestEveryCheckHasPassingAndFailingFixture: each check that kubeware
// evaluates on a node (flag, config, file mode, file owner) must pass on
// at least one fixture node and fail (or warn, for checks CIS does not
// label Automated) on another, so that neither verdict is untested. For a
// distribution overlay this holds for the checks the overlay changes.
func TestEveryCheckHasPassingAndFailingFixture(t *testing.T) {
	seen := map[string]map[string]map[Status]bool{} // benchmark -> check -> statuses
	for _, file := range fixtureFiles(t) {
		fx := loadFixture(t, file)
		sel, rs := fx.run(t)
		if seen[sel.Name] == nil {
			seen[sel.Name] = map[string]map[Status]bool{}
		}
		for _, r := range rs {
			if seen[sel.Name][r.Check.ID] == nil {
				seen[sel.Name][r.Check.ID] = map[Status]bool{}
			}
			seen[sel.Name][r.Check.ID][r.Status] = true
		}
	}
	for _, name := range []string{"cis-1.12", "k3s-cis-1.12"} {
		if seen[name] == nil {
			t.Errorf("no fixture node uses %s", name)
			continue
		}
		b, err := Load(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range b.Checks() {
			if !slices.Contains([]Kind{KindFlag, KindConfig, KindFileMode, KindFileOwner}, c.Kind) || c.NotApplicable != "" {
				continue
			}
			if b.Base != "" && !strings.HasPrefix(c.Source, "benchmarks/"+name+".yaml:") {
				continue // unchanged from the base, covered there
			}
			st := seen[name][c.ID]
			failing := Fail
			if !c.Automated {
				failing = Warn
			}
			if !st[Pass] || !st[failing] {
				t.Errorf("%s %s: fixtures give %v, want both %s and %s", name, c.ID, keys(st), Pass, failing)
			}
		}
	}
}

func keys(m map[Status]bool) []Status {
	var out []Status
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
