package scan_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/checks"
	"github.com/kubeward/kubeward/internal/report"
	"github.com/kubeward/kubeward/internal/scan"
)

// writeManifests makes a directory of files, each holding privileged pods
// and a CRD-like object no check looks at.
func writeManifests(t *testing.T, files, podsPerFile int) string {
	dir := t.TempDir()
	for i := range files {
		var data []byte
		for j := range podsPerFile {
			data = fmt.Appendf(data, "---\napiVersion: v1\nkind: Pod\nmetadata: {name: p%d-%d, namespace: ns%d}\nspec:\n  containers:\n  - name: c\n    image: c\n    securityContext: {privileged: true}\n", i, j, i%3)
		}
		data = fmt.Appendf(data, "---\napiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w%d}\nspec: {size: 3}\n", i)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("f%02d.yaml", i)), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func runScan(t *testing.T, dir string, workers int) *report.Report {
	res := scan.Run(context.Background(), scan.Config{
		Paths:   []string{dir},
		Engine:  check.NewEngine(checks.All(), check.Options{}),
		Workers: workers,
	})
	rep := report.New("scan", "test", time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
	rep.Summary.Objects = res.Objects
	rep.Findings, rep.Suppressed, rep.Errors = res.Findings, res.Suppressed, res.Errors
	rep.Finish()
	return rep
}

// TestScanIsDeterministic checks that the result does not depend on the
// number of workers or on scheduling; run with -race.
func TestScanIsDeterministic(t *testing.T) {
	dir := writeManifests(t, 12, 20)
	one := runScan(t, dir, 1)
	if one.Summary.Objects != 12*21 {
		t.Fatalf("objects = %d, want %d", one.Summary.Objects, 12*21)
	}
	privileged := 0
	for _, f := range one.Findings {
		if f.Check == "privileged-container" {
			privileged++
		}
	}
	if privileged != 12*20 {
		t.Fatalf("privileged-container findings = %d, want %d", privileged, 12*20)
	}
	for _, workers := range []int{2, 4, 16} {
		got := runScan(t, dir, workers)
		if !reflect.DeepEqual(got, one) {
			t.Fatalf("scan with %d workers differs from the scan with 1", workers)
		}
	}
}

func TestScanCountsSkippedKinds(t *testing.T) {
	dir := writeManifests(t, 1, 0)
	rep := runScan(t, dir, 2)
	if rep.Summary.Objects != 1 || len(rep.Findings) != 0 || len(rep.Errors) != 0 {
		t.Fatalf("summary %+v findings %d errors %v", rep.Summary, len(rep.Findings), rep.Errors)
	}
}

// TestSchemaErrorPointsAtTheField checks that an object whose field has the
// wrong type is reported once, at that field's line, and that the other
// objects of the file are still evaluated.
func TestSchemaErrorPointsAtTheField(t *testing.T) {
	dir := t.TempDir()
	doc := `apiVersion: v1
kind: Pod
metadata: {name: bad}
spec:
  containers:
  - name: c
    image: c
    ports:
    - containerPort: eighty
---
apiVersion: v1
kind: Pod
metadata: {name: good}
spec:
  containers:
  - name: c
    image: c
    securityContext: {privileged: true}
`
	file := filepath.Join(dir, "pods.yaml")
	if err := os.WriteFile(file, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	rep := runScan(t, dir, 2)
	want := []report.Error{{File: file, Line: 9,
		Message: "Pod/bad: does not match the Pod schema: spec.containers[0].ports[0].containerPort: a string where int32 is expected"}}
	if !reflect.DeepEqual(rep.Errors, want) {
		t.Errorf("errors = %+v\nwant %+v", rep.Errors, want)
	}
	if len(rep.Findings) == 0 || rep.Findings[0].Object.Name != "good" {
		t.Errorf("the good pod was not evaluated: %+v", rep.Findings)
	}
}
