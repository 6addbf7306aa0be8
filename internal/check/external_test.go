package check_test

import (
	"errors"
	"testing"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
)

// An External check reports under IDs of its own; the engine keeps them,
// applies the user's options to them, and falls back to the runner's
// metadata for findings that name no ID.
func TestExternalRuleIDs(t *testing.T) {
	x := &check.External{
		Meta:  check.Meta{ID: "x:pkg", Title: "pkg", Severity: check.Low, Remediation: "fix"},
		Kinds: []string{"ConfigMap"},
		Eval: func(o *kube.Object) ([]check.Finding, error) {
			if o.Name == "broken" {
				return nil, errors.New("boom")
			}
			return []check.Finding{
				{Check: "x:one", Severity: check.Medium, Status: check.StatusFail, Message: "one"},
				{Check: "x:two", Severity: check.Medium, Status: check.StatusWarn, Message: "two"},
				{Check: "x:off", Status: check.StatusFail, Message: "off"},
				{Status: check.StatusFail, Message: "bare"},
			}, nil
		},
	}
	e := check.NewEngine([]check.Runner{x}, check.Options{
		Disabled:   map[string]bool{"x:off": true},
		Severities: map[string]check.Severity{"x:two": check.Critical},
	})
	if e.Wants("v1", "Pod") || !e.Wants("v1", "ConfigMap") {
		t.Error("kinds not honoured")
	}
	fs, err := e.Evaluate(object(t, `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"}}`))
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		id, msg string
		sev     check.Severity
		status  check.Status
	}
	want := []row{{"x:one", "one", check.Medium, check.StatusFail}, {"x:two", "two", check.Critical, check.StatusWarn}, {"x:pkg", "bare", check.Low, check.StatusFail}}
	if len(fs) != len(want) {
		t.Fatalf("findings %+v", fs)
	}
	for i, w := range want {
		f := fs[i]
		if (row{f.Check, f.Message, f.Severity, f.Status}) != w || f.Title != "pkg" || f.Remediation != "fix" {
			t.Errorf("finding %d = %+v, want %+v", i, f, w)
		}
	}
	fs, err = e.Evaluate(object(t, `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"broken"}}`))
	if err != nil || len(fs) != 1 || fs[0].Check != "x:pkg" || fs[0].Status != check.StatusError || fs[0].Message != "could not evaluate: boom" {
		t.Fatalf("findings %+v, %v", fs, err)
	}
}
