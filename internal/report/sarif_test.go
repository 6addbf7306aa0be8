package report

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
)

// TestSARIFValidatesAgainstSchema checks the writer's output against the
// SARIF 2.1.0 JSON schema, for the golden report and for edge cases: an
// empty run, absolute paths, stdin, a finding whose check is not in Rules.
func TestSARIFValidatesAgainstSchema(t *testing.T) {
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	schema, err := c.Compile("testdata/sarif-2.1.0-rtm.5.json")
	if err != nil {
		t.Fatal(err)
	}
	edge := New("scan", "", time.Time{})
	f := finding(&check.Meta{ID: "unlisted", Severity: check.High}, kube.Ref{Kind: "Pod", Name: "p"},
		"/abs/dir/pod manifest.yaml", 2, 0, "", "", "message")
	edge.Findings = append(edge.Findings, f)
	f.Location.File, f.Status = "<stdin>", check.StatusManual
	edge.Findings = append(edge.Findings, f)
	edge.Finish()

	for name, r := range map[string]*Report{"golden": GoldenReport(), "empty": New("scan", "dev", time.Now()), "edge": edge} {
		var buf bytes.Buffer
		if err := WriteSARIF(&buf, r, WriteOptions{}); err != nil {
			t.Fatal(err)
		}
		inst, err := jsonschema.UnmarshalJSON(&buf)
		if err != nil {
			t.Fatal(err)
		}
		if err := schema.Validate(inst); err != nil {
			t.Errorf("%s report: SARIF output does not match the schema: %v", name, err)
		}
	}
}

// TestSARIFFindingsOnTheirLines checks what code scanning reads to place
// an alert: every shown and suppressed finding is one result, on its file
// and line when it has them, with the object as a logical location.
func TestSARIFFindingsOnTheirLines(t *testing.T) {
	r := GoldenReport()
	log := decodeSARIF(t, r)
	all := append(append([]check.Finding{}, r.Findings...), r.Suppressed...)
	var want []check.Finding
	for _, f := range all {
		if f.Status != check.StatusError {
			want = append(want, f)
		}
	}
	results := log.Runs[0].Results
	if len(results) != len(want) {
		t.Fatalf("got %d results, want %d", len(results), len(want))
	}
	rules := log.Runs[0].Tool.Driver.Rules
	for i, f := range want {
		res := results[i]
		if res.RuleID != f.Check || rules[res.RuleIndex].ID != f.Check {
			t.Errorf("result %d: ruleId %q, rules[%d] = %q, want %q", i, res.RuleID, res.RuleIndex, rules[res.RuleIndex].ID, f.Check)
		}
		if res.Message.Text != f.Message {
			t.Errorf("result %d: message %q, want %q", i, res.Message.Text, f.Message)
		}
		loc := res.Locations[0]
		if got := loc.LogicalLocations[0].FullyQualifiedName; got != f.Object.String() {
			t.Errorf("result %d: logical location %q, want %q", i, got, f.Object.String())
		}
		pl := loc.PhysicalLocation
		switch {
		case f.Location.File == "":
			if pl != nil {
				t.Errorf("result %d (%s): physical location %+v for a finding without a file", i, f.Object, pl)
			}
		case pl == nil:
			t.Errorf("result %d (%s): no physical location", i, f.Object)
		case f.Location.Line == 0:
			if pl.Region != nil {
				t.Errorf("result %d: region %+v for a finding without a line", i, pl.Region)
			}
		case pl.Region == nil || pl.Region.StartLine != f.Location.Line || pl.Region.StartColumn != f.Location.Column:
			t.Errorf("result %d: region %+v, want line %d column %d", i, pl.Region, f.Location.Line, f.Location.Column)
		}
		wantSupp := map[string]string{"": "", "annotation: loads the GPU kernel module; reviewed in SEC-142": "inSource",
			"config: upstream image needs root until 8.0": "external"}[f.Suppressed]
		gotSupp := ""
		if len(res.Suppressions) == 1 {
			gotSupp = res.Suppressions[0].Kind
		}
		if gotSupp != wantSupp || len(res.Suppressions) > 1 {
			t.Errorf("result %d: suppressions %+v, want kind %q", i, res.Suppressions, wantSupp)
		}
	}
	inv := log.Runs[0].Invocations[0]
	if inv.ExecutionSuccessful || len(inv.Notifications) != len(r.Errors)+1 {
		t.Errorf("invocation: executionSuccessful %v with %d notifications, want false with %d (input errors and the check that could not be evaluated)",
			inv.ExecutionSuccessful, len(inv.Notifications), len(r.Errors)+1)
	}
	if clean := decodeSARIF(t, New("scan", "dev", time.Now())); !clean.Runs[0].Invocations[0].ExecutionSuccessful {
		t.Error("a run without errors is not executionSuccessful")
	}
}

// TestSARIFFingerprint checks that the fingerprint survives a line move
// (so an edit above a finding keeps its alert) but not a different object,
// file, check or field.
func TestSARIFFingerprint(t *testing.T) {
	base := GoldenReport().Findings[0]
	moved := base
	moved.Location.Line += 10
	moved.Location.Column += 2
	moved.Message = "reworded"
	if fingerprint(moved) != fingerprint(base) {
		t.Error("fingerprint changed when only the line, column and message changed")
	}
	for name, change := range map[string]func(*check.Finding){
		"check":     func(f *check.Finding) { f.Check = "other" },
		"name":      func(f *check.Finding) { f.Object.Name = "other" },
		"namespace": func(f *check.Finding) { f.Object.Namespace = "other" },
		"kind":      func(f *check.Finding) { f.Object.Kind = "Other" },
		"file":      func(f *check.Finding) { f.Location.File = "other.yaml" },
		"path":      func(f *check.Finding) { f.Path = "spec.other" },
	} {
		f := base
		change(&f)
		if fingerprint(f) == fingerprint(base) {
			t.Errorf("fingerprint unchanged when the %s changed", name)
		}
	}
}

func TestArtifactURI(t *testing.T) {
	for _, c := range []struct {
		file, uri, base string
		ok              bool
	}{
		{"deploy/web.yaml", "deploy/web.yaml", srcRoot, true},
		{"./deploy//web.yaml", "deploy/web.yaml", srcRoot, true},
		{"deploy/my app/web.yaml", "deploy/my%20app/web.yaml", srcRoot, true},
		{"../shared/web.yaml", "../shared/web.yaml", srcRoot, true},
		{"/srv/repo/web.yaml", "file:///srv/repo/web.yaml", "", true},
		{"<stdin>", "", "", false},
		{"", "", "", false},
	} {
		uri, base, ok := artifactURI(c.file)
		if uri != c.uri || base != c.base || ok != c.ok {
			t.Errorf("artifactURI(%q) = %q, %q, %v; want %q, %q, %v", c.file, uri, base, ok, c.uri, c.base, c.ok)
		}
	}
}

func TestSARIFLevels(t *testing.T) {
	want := map[check.Severity]string{check.Critical: "error", check.High: "error", check.Medium: "warning", check.Low: "note", check.Info: "note"}
	for sev, level := range want {
		if got := sarifLevel(sev); got != level {
			t.Errorf("sarifLevel(%s) = %q, want %q", sev, got, level)
		}
	}
}

func decodeSARIF(t *testing.T, r *Report) sarifLog {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteSARIF(&buf, r, WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	var log sarifLog
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	return log
}
