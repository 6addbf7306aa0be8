package main_test

import (
	"strings"
	"testing"
)

func TestExceptions(t *testing.T) {
	rep, r := scanJSON(t, "", "--config", "cmd/kubeward/testdata/exceptions/kubeward.yaml", "--fail-on", "none",
		"cmd/kubeward/testdata/exceptions/app.yaml")
	wantCode(t, r, 0)
	type key struct{ check, where string }
	got := map[key]int{}
	total := 0
	for _, f := range rep.Findings {
		if f.Check == "privileged-container" || f.Check == "ignore-without-reason" {
			got[key{f.Check, f.Path}]++
			total++
		}
	}
	want := map[key]int{
		// no reason: the ignore is not applied and is itself reported
		{"privileged-container", "spec.containers[0].securityContext.privileged"}:               2, // no-reason, old-exception (expired)
		{"ignore-without-reason", `metadata.annotations["kubeward.dev/ignore"]`}:                1,
		{"privileged-container", "spec.template.spec.containers[1].securityContext.privileged"}: 1, // sidecar is not excepted
	}
	for k, n := range want {
		if got[k] != n {
			t.Errorf("%v: %d findings, want %d", k, got[k], n)
		}
	}
	if total != 4 {
		t.Errorf("%d privileged-container and ignore-without-reason findings, want 4: %+v", total, got)
	}
	if rep.Summary.Suppressed != 2 || len(rep.SuppressedFindings) != 2 {
		t.Fatalf("suppressed %d %+v", rep.Summary.Suppressed, rep.SuppressedFindings)
	}
	reasons := rep.SuppressedFindings[0].Suppressed + "|" + rep.SuppressedFindings[1].Suppressed
	for _, want := range []string{"config: CNI agent programs the host network", "annotation: debug pod, deleted after use"} {
		if !strings.Contains(reasons, want) {
			t.Errorf("suppression reasons %q lack %q", reasons, want)
		}
	}
	expired := false
	for _, f := range rep.Findings {
		if strings.HasSuffix(f.Message, "(exception at cmd/kubeward/testdata/exceptions/kubeward.yaml:8 expired on 2020-01-31)") {
			expired = true
		}
	}
	if !expired {
		t.Error("the expired exception is not mentioned on the finding it no longer covers")
	}
	if !strings.Contains(r.stderr, "exception expired and no longer applies") {
		t.Errorf("stderr does not warn about the expired exception: %q", r.stderr)
	}
}

func TestStrictExceptionsRefuseAnnotations(t *testing.T) {
	rep, r := scanJSON(t, "", "--strict-exceptions", "--config", "cmd/kubeward/testdata/exceptions/kubeward.yaml",
		"--fail-on", "none", "cmd/kubeward/testdata/exceptions/app.yaml")
	wantCode(t, r, 0)
	if rep.Summary.Suppressed != 1 {
		t.Fatalf("suppressed = %d, want 1 (the config exception only)", rep.Summary.Suppressed)
	}
	if checks(rep)["ignore-without-reason"] != 0 {
		t.Fatal("annotations are not read at all under --strict-exceptions")
	}
}

func TestConfigUnknownKey(t *testing.T) {
	r := run(t, "", kubeward, "scan", "--config", "cmd/kubeward/testdata/exceptions/unknown-key.yaml", "examples")
	wantCode(t, r, 2)
	want := "kubeward: cmd/kubeward/testdata/exceptions/unknown-key.yaml: invalid config: unmarshal errors:\n  line 6: field namepsace not found in type config.Exception\n"
	if r.stderr != want {
		t.Fatalf("stderr %q\nwant   %q", r.stderr, want)
	}
}

func TestConfigDisableAndSeverity(t *testing.T) {
	dir := t.TempDir()
	cfg := dir + "/kubeward.yaml"
	writeFile(t, cfg, "checks:\n  disable: [ignore-without-reason]\n  severity:\n    privileged-container: low\n")
	rep, r := scanJSON(t, "", "--config", cfg, "cmd/kubeward/testdata/exceptions/app.yaml")
	wantCode(t, r, 0) // privileged is now low, below the default --fail-on high
	for _, f := range rep.Findings {
		if f.Check == "privileged-container" && f.Severity != "low" {
			t.Errorf("severity override not applied: %s", f.Severity)
		}
	}
	writeFile(t, cfg, "checks:\n  disable: [no-such-check]\n")
	r = run(t, "", kubeward, "scan", "--config", cfg, "examples")
	wantCode(t, r, 2)
	if !strings.HasSuffix(r.stderr, "checks.disable: unknown check \"no-such-check\"\n") {
		t.Fatalf("stderr %q", r.stderr)
	}
}
