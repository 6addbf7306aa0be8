package compliance_test

import (
	"reflect"
	"testing"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/compliance"
	"github.com/kubeward/kubeward/internal/kube"
	"github.com/kubeward/kubeward/internal/report"
)

func workloadCheck(id, level string, cis ...string) *check.Check[*kube.Workload] {
	m := check.Meta{ID: id, Title: "title of " + id, Severity: check.High}
	if level != "" {
		m.Controls = append(m.Controls, check.Control{Framework: check.FrameworkPSS, ID: level})
	}
	for _, c := range cis {
		m.Controls = append(m.Controls, check.Control{Framework: check.FrameworkCIS, ID: c},
			check.Control{Framework: check.FrameworkMITRE, ID: "T1611"})
	}
	return &check.Check[*kube.Workload]{Meta: m}
}

// TestEvaluate covers each way a control ends: pass, fail with its
// failing objects (suppressed findings counted, not failing), not
// evaluated because no check covers it, because its check is disabled,
// because no object of its kinds was scanned, and because its check
// errored.
func TestEvaluate(t *testing.T) {
	priv := workloadCheck("priv", "baseline", "5.2.2")
	ports := workloadCheck("ports", "baseline", "5.2.12")
	root := workloadCheck("root", "restricted", "5.2.7")
	off := workloadCheck("off", "baseline", "5.2.3")
	bindings := &check.Analyzer{Meta: check.Meta{ID: "admin", Title: "title of admin",
		Controls: []check.Control{{Framework: check.FrameworkCIS, ID: "5.1.1"}}}, Kinds: []string{"ClusterRoleBinding"}}
	web := kube.Ref{APIVersion: "apps/v1", Kind: "Deployment", Namespace: "n", Name: "web"}
	db := kube.Ref{APIVersion: "apps/v1", Kind: "StatefulSet", Namespace: "n", Name: "db"}
	at := func(line int) kube.Location { return kube.Location{File: "a.yaml", Line: line} }
	in := compliance.Input{
		All:     []*check.Meta{&priv.Meta, &ports.Meta, &root.Meta, &off.Meta, &bindings.Meta},
		Enabled: []check.Runner{priv, ports, root, bindings},
		Coverage: []check.Coverage{{Check: "priv", Objects: 3}, {Check: "ports", Objects: 2, Errors: 1},
			{Check: "root", Objects: 3}},
		Kinds: map[string]int{"Deployment": 2, "StatefulSet": 1, "ConfigMap": 4},
		Findings: []check.Finding{
			{Check: "root", Status: check.StatusFail, Object: web, Location: at(12)},
			{Check: "root", Status: check.StatusWarn, Object: web, Location: at(9)},
			{Check: "root", Status: check.StatusFail, Object: db, Location: at(40)},
			{Check: "ports", Status: check.StatusError, Object: db, Location: at(30)},
		},
		Suppressed: []check.Finding{{Check: "priv", Status: check.StatusFail, Object: db, Location: at(35), Suppressed: "config: ok"}},
	}

	got, err := compliance.Evaluate(compliance.PSSRestricted, in)
	if err != nil {
		t.Fatal(err)
	}
	want := report.Compliance{Framework: "pss-restricted", Title: "Pod Security Standards, restricted",
		Summary: report.ComplianceSummary{Controls: 4, Pass: 1, Fail: 1, NotEvaluated: 2},
		Controls: []report.ControlResult{
			{ID: "priv", Title: "title of priv", Status: report.ControlPass, Checks: []string{"priv"}, Evaluated: 3, Suppressed: 1},
			{ID: "ports", Title: "title of ports", Status: report.ControlNotEvaluated, Checks: []string{"ports"}, Evaluated: 3,
				Reason: "ports could not evaluate 1 object"},
			{ID: "root", Title: "title of root", Status: report.ControlFail, Checks: []string{"root"}, Evaluated: 3,
				Failing: 2, Findings: 3, Objects: []report.FailingObject{
					{Object: web, Location: at(9), Checks: []string{"root"}},
					{Object: db, Location: at(40), Checks: []string{"root"}},
				}},
			{ID: "off", Title: "title of off", Status: report.ControlNotEvaluated, Checks: []string{},
				Reason: "its checks are disabled: off"},
		}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("pss-restricted:\n got %+v\nwant %+v", got, want)
	}

	base, err := compliance.Evaluate(compliance.PSSBaseline, in)
	if err != nil {
		t.Fatal(err)
	}
	if ids := controlIDs(base); !reflect.DeepEqual(ids, []string{"priv", "ports", "off"}) {
		t.Errorf("pss-baseline controls %v", ids)
	}

	cis, err := compliance.Evaluate(compliance.CIS, in)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]report.ControlResult{}
	for _, c := range cis.Controls {
		byID[c.ID] = c
	}
	for id, w := range map[string]struct {
		status report.ControlStatus
		reason string
	}{
		"5.1.1": {report.ControlNotEvaluated, "no object of a kind its checks inspect was scanned"},
		"5.1.2": {report.ControlNotEvaluated, "no kubeward check covers it"},
		"5.2.2": {report.ControlPass, ""},
		"5.2.7": {report.ControlFail, ""},
	} {
		if c := byID[id]; c.Status != w.status || c.Reason != w.reason {
			t.Errorf("cis %s: %s %q, want %s %q", id, c.Status, c.Reason, w.status, w.reason)
		}
	}
	if cis.Summary.Controls != 34 || cis.Controls[0].ID != "5.1.1" || cis.Controls[33].ID != "5.6.4" {
		t.Errorf("cis catalog: %d controls, %s .. %s", cis.Summary.Controls, cis.Controls[0].ID, cis.Controls[len(cis.Controls)-1].ID)
	}

	mitre, err := compliance.Evaluate(compliance.MITRE, in)
	if err != nil {
		t.Fatal(err)
	}
	if len(mitre.Controls) != 1 || mitre.Controls[0].ID != "T1611" || mitre.Controls[0].Title != "Escape to Host" ||
		mitre.Controls[0].Status != report.ControlFail || mitre.Controls[0].Failing != 2 {
		t.Errorf("mitre: %+v", mitre.Controls)
	}
}

func controlIDs(c report.Compliance) []string {
	var ids []string
	for _, r := range c.Controls {
		ids = append(ids, r.ID)
	}
	return ids
}

func TestParseFrameworks(t *testing.T) {
	got, err := compliance.ParseFrameworks([]string{"mitre,CIS", " pss-restricted", "cis"})
	if err != nil || !reflect.DeepEqual(got, []string{"cis", "pss-restricted", "mitre"}) {
		t.Errorf("ParseFrameworks = %v, %v", got, err)
	}
	if _, err := compliance.ParseFrameworks([]string{"pci"}); err == nil ||
		err.Error() != `unknown framework "pci" (want one of cis, nsa, pss-baseline, pss-restricted, mitre)` {
		t.Errorf("err = %v", err)
	}
}
