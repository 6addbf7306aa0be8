package main_test

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestChecksExplain(t *testing.T) {
	r := run(t, "", kubeward, "checks", "explain", "privileged-container")
	wantCode(t, r, 0)
	want := `privileged-container: Privileged container
Severity critical, family pod-security.

What it finds and why it matters:
  A privileged container has every capability and access to all host devices;
  escaping to the node from it is trivial.

How to fix:
  Remove securityContext.privileged or set it to false.

Frameworks:
  Pod Security Standards, baseline level
  CIS 5.2.2: No privileged containers
  NSA/CISA pod-security: Pod security: pod security enforcement
  MITRE ATT&CK T1611: Escape to Host

Same check in other tools:
  kube-linter  privileged-container
  Polaris      runAsPrivileged
  Kubescape    C-0057
  Trivy        KSV017
  Checkov      CKV_K8S_16
`
	if r.stdout != want || r.stderr != "" {
		t.Errorf("stdout:\n%s\nwant:\n%s\nstderr: %s", r.stdout, want, r.stderr)
	}
}

func TestChecksExplainUnknown(t *testing.T) {
	r := run(t, "", kubeward, "checks", "explain", "privileged-containr")
	wantCode(t, r, 2)
	want := "kubeward: unknown check \"privileged-containr\"; did you mean privileged-container? (kubeward checks list shows every check)\n"
	if r.stdout != "" || r.stderr != want {
		t.Errorf("stdout %q\nstderr %q\nwant   %q", r.stdout, r.stderr, want)
	}
	wantCode(t, run(t, "", kubeward, "checks", "explain"), 2)
	wantCode(t, run(t, "", kubeward, "checks", "list", "-o", "yaml"), 2)
}

func TestChecksList(t *testing.T) {
	r := run(t, "", kubeward, "checks", "list")
	wantCode(t, r, 0)
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	if !strings.HasPrefix(lines[0], "ID ") || !strings.Contains(lines[0], "SEVERITY") || !strings.HasSuffix(lines[0], "FRAMEWORKS") {
		t.Errorf("header %q", lines[0])
	}
	found := false
	for _, l := range lines[1:] {
		if strings.Join(strings.Fields(l), " ") == "privileged-container critical pod-security Privileged container pss:baseline cis:5.2.2 nsa:pod-security mitre:T1611" {
			found = true
		}
	}
	if !found {
		t.Errorf("no privileged-container row in\n%s", r.stdout)
	}

	r = run(t, "", kubeward, "checks", "list", "-o", "json")
	wantCode(t, r, 0)
	var list []struct {
		ID, Severity, Family string
		Frameworks           struct{ CIS []string }
		Peers                struct{ Trivy string }
	}
	if err := json.Unmarshal([]byte(r.stdout), &list); err != nil {
		t.Fatal(err)
	}
	if len(list) != len(lines)-1 {
		t.Errorf("json lists %d checks, table %d", len(list), len(lines)-1)
	}
	for _, c := range list {
		if c.ID == "privileged-container" && (c.Severity != "critical" || c.Family != "pod-security" ||
			strings.Join(c.Frameworks.CIS, ",") != "5.2.2" || c.Peers.Trivy != "KSV017") {
			t.Errorf("privileged-container: %+v", c)
		}
	}
}

// complianceReport is the part of the JSON report the framework tests read.
type complianceReport struct {
	Summary struct {
		Findings int
		Score    *int
	}
	Compliance []struct {
		Framework string
		Summary   struct{ Controls, Pass, Fail, NotEvaluated int }
		Controls  []struct {
			ID, Status, Reason string
			Evaluated, Failing int
			FailingObjects     []struct {
				Object   struct{ Kind, Name string }
				Location struct{ File string }
			}
		}
	}
}

func scanCompliance(t *testing.T, code int, args ...string) complianceReport {
	t.Helper()
	r := run(t, "", kubeward, append([]string{"scan", "-o", "json"}, args...)...)
	wantCode(t, r, code)
	var rep complianceReport
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatal(err)
	}
	return rep
}

// TestFrameworkHardened: on the hardened example every restricted control
// is evaluated and passes.
func TestFrameworkHardened(t *testing.T) {
	rep := scanCompliance(t, 0, "--framework", "pss-restricted", "examples/hardened")
	if len(rep.Compliance) != 1 || rep.Compliance[0].Framework != "pss-restricted" {
		t.Fatalf("compliance %+v", rep.Compliance)
	}
	c := rep.Compliance[0]
	if c.Summary.Fail != 0 || c.Summary.NotEvaluated != 0 || c.Summary.Pass != c.Summary.Controls || c.Summary.Controls < 19 {
		t.Errorf("summary %+v", c.Summary)
	}
	for _, ctl := range c.Controls {
		if ctl.Status != "pass" || ctl.Evaluated != 2 || ctl.Failing != 0 {
			t.Errorf("control %s: %s, %d/%d failing %s", ctl.ID, ctl.Status, ctl.Failing, ctl.Evaluated, ctl.Reason)
		}
	}
	if rep.Summary.Score == nil || *rep.Summary.Score != 100 {
		t.Errorf("score %v, want 100", rep.Summary.Score)
	}
}

// TestFrameworkInsecure: the insecure example fails the controls it
// plainly breaks, names the failing objects, and scores below 100.
func TestFrameworkInsecure(t *testing.T) {
	rep := scanCompliance(t, 1, "--framework", "pss-baseline", "--framework", "pss-restricted,cis", "examples/insecure")
	var names []string
	for _, c := range rep.Compliance {
		names = append(names, c.Framework)
	}
	if strings.Join(names, ",") != "cis,pss-baseline,pss-restricted" {
		t.Fatalf("frameworks %v", names)
	}
	status := map[string]string{}
	for _, c := range rep.Compliance {
		for _, ctl := range c.Controls {
			status[c.Framework+":"+ctl.ID] = ctl.Status
			if ctl.Status == "fail" {
				if ctl.Failing != len(ctl.FailingObjects) || ctl.Failing == 0 || ctl.Failing > ctl.Evaluated {
					t.Errorf("%s:%s: %d failing of %d, objects %+v", c.Framework, ctl.ID, ctl.Failing, ctl.Evaluated, ctl.FailingObjects)
				}
				for _, o := range ctl.FailingObjects {
					if o.Location.File != "examples/insecure/app.yaml" {
						t.Errorf("%s:%s: failing object %+v", c.Framework, ctl.ID, o)
					}
				}
			}
			if ctl.Status == "not-evaluated" && ctl.Reason == "" {
				t.Errorf("%s:%s: not evaluated without a reason", c.Framework, ctl.ID)
			}
		}
	}
	for _, id := range []string{"pss-baseline:privileged-container", "pss-baseline:host-namespaces", "pss-restricted:run-as-non-root",
		"pss-restricted:privileged-container", "cis:5.2.2", "cis:5.2.6"} {
		if status[id] != "fail" {
			t.Errorf("%s: %q, want fail", id, status[id])
		}
	}
	if status["pss-baseline:run-as-non-root"] != "" {
		t.Error("a restricted control is in the baseline view")
	}
	if status["cis:5.3.1"] != "not-evaluated" {
		t.Errorf("cis:5.3.1 (CNI, not checkable in manifests): %q", status["cis:5.3.1"])
	}
	if rep.Summary.Score == nil || *rep.Summary.Score >= 100 || *rep.Summary.Score <= 0 {
		t.Errorf("score %v", rep.Summary.Score)
	}
}

func TestFrameworkUnknown(t *testing.T) {
	r := run(t, "", kubeward, "scan", "--framework", "pci", "examples/hardened")
	wantCode(t, r, 2)
	if want := "kubeward: --framework: unknown framework \"pci\" (want one of cis, nsa, pss-baseline, pss-restricted, mitre)\n"; r.stderr != want {
		t.Errorf("stderr %q, want %q", r.stderr, want)
	}
}
