package report

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"
	"time"
)

// TestJUnitStructure reads the XML back and checks what CI systems rely
// on: suites per family plus "input", one case per object and family, and
// counts that agree with the cases.
func TestJUnitStructure(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteJUnit(&buf, GoldenReport(), WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	var got junitSuites
	if err := xml.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatalf("output is not XML: %v", err)
	}
	want := map[string][]string{
		"pod-security": {"Pod/default/broken", "StatefulSet/shop/cache", "Deployment/shop/legacy", "Deployment/shop/web"},
		"rbac":         {"ClusterRoleBinding/admins"},
		"workload":     {"CronJob/ops/backup", "Deployment/shop/web"},
		"input":        {"charts/missing", "deploy/bad.yaml:7"},
	}
	if len(got.Suites) != len(want) {
		t.Errorf("got %d suites, want %d", len(got.Suites), len(want))
	}
	var tests, failures, errors, skipped int
	for _, s := range got.Suites {
		var names []string
		var f, e, sk int
		for _, c := range s.Cases {
			names = append(names, c.Name)
			if c.Classname != s.Name {
				t.Errorf("suite %s: case %s has classname %q", s.Name, c.Name, c.Classname)
			}
			f += b2i(c.Failure != nil)
			e += b2i(c.Error != nil)
			sk += b2i(c.Skipped != nil)
		}
		if strings.Join(names, ",") != strings.Join(want[s.Name], ",") {
			t.Errorf("suite %s: cases %v, want %v", s.Name, names, want[s.Name])
		}
		if s.Tests != len(s.Cases) || s.Failures != f || s.Errors != e || s.Skipped != sk {
			t.Errorf("suite %s: counts tests=%d failures=%d errors=%d skipped=%d, cases say %d %d %d %d",
				s.Name, s.Tests, s.Failures, s.Errors, s.Skipped, len(s.Cases), f, e, sk)
		}
		tests, failures, errors, skipped = tests+s.Tests, failures+s.Failures, errors+s.Errors, skipped+s.Skipped
	}
	if got.Tests != tests || got.Failures != failures || got.Errors != errors || got.Skipped != skipped {
		t.Errorf("testsuites counts %d %d %d %d, suites add up to %d %d %d %d",
			got.Tests, got.Failures, got.Errors, got.Skipped, tests, failures, errors, skipped)
	}
	if got.Tests != 9 || got.Failures != 4 || got.Errors != 3 || got.Skipped != 2 {
		t.Errorf("testsuites counts %d %d %d %d, want 9 4 3 2", got.Tests, got.Failures, got.Errors, got.Skipped)
	}
}

// TestJUnitEmpty checks that a clean run is still a valid, empty document.
func TestJUnitEmpty(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteJUnit(&buf, New("scan", "dev", time.Time{}), WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	want := xml.Header + `<testsuites name="kubeward" tests="0" failures="0" errors="0" skipped="0"></testsuites>` + "\n"
	if buf.String() != want {
		t.Errorf("got\n%s\nwant\n%s", buf.String(), want)
	}
}
