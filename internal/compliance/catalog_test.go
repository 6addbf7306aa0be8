package compliance

import (
	"maps"
	"slices"
	"testing"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/checks"
)

// TestNSAOrderIsComplete keeps the display order in step with the
// validated list of NSA/CISA sections.
func TestNSAOrderIsComplete(t *testing.T) {
	if got, want := slices.Sorted(slices.Values(nsaOrder)), slices.Sorted(maps.Keys(check.NSAControls)); !slices.Equal(got, want) {
		t.Errorf("nsaOrder %v, NSAControls %v", got, want)
	}
}

// TestCatalogsKnowEveryMappedControl: every CIS ID and MITRE technique a
// built-in check maps to has a title, so no control is shown untitled.
func TestCatalogsKnowEveryMappedControl(t *testing.T) {
	for _, r := range checks.All() {
		m := r.Info()
		for _, c := range m.Controls {
			if (c.Framework == check.FrameworkCIS || c.Framework == check.FrameworkMITRE) && ControlTitle(c.Framework, c.ID) == "" {
				t.Errorf("check %s maps to %s %s, which internal/compliance/data does not list", m.ID, c.Framework, c.ID)
			}
		}
	}
	if TechniqueName("T1611") != "Escape to Host" || ControlTitle(check.FrameworkCIS, "5.2.2") != "No privileged containers" {
		t.Error("catalog lookups")
	}
}
