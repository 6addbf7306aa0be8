package source_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/checks"
	"github.com/kubeward/kubeward/internal/kube"
	"github.com/kubeward/kubeward/internal/scan"
	"github.com/kubeward/kubeward/internal/source"
)

// privilegedFindings scans path with every built-in check and returns where
// the privileged-container findings point.
func privilegedFindings(t *testing.T, path string, helm source.HelmOptions) []kube.Location {
	t.Helper()
	res := scan.Run(context.Background(), scan.Config{
		Paths:  []string{path},
		Source: source.Options{Helm: helm},
		Engine: check.NewEngine(checks.All(), check.Options{}),
	})
	if len(res.Errors) != 0 {
		t.Fatalf("scan errors: %+v", res.Errors)
	}
	var locs []kube.Location
	for _, f := range res.Findings {
		if f.Check == "privileged-container" {
			locs = append(locs, kube.Location{File: f.Location.File, Line: f.Location.Line})
		}
	}
	return locs
}

func TestScanChartPrivilegedThroughValues(t *testing.T) {
	if got := privilegedFindings(t, "testdata/charts/app", source.HelmOptions{}); len(got) != 0 {
		t.Fatalf("chart defaults: privileged-container at %+v, want none", got)
	}
	got := privilegedFindings(t, "testdata/charts/app", source.HelmOptions{Set: []string{"securityContext.privileged=true"}})
	// Line 22 of the rendered deployment.yaml is `privileged: true`, the
	// first line of the securityContext that toYaml expands (the template
	// itself has a single `{{- toYaml ... }}` line there).
	want := []kube.Location{{File: "testdata/charts/app/templates/deployment.yaml", Line: 22}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("privileged-container findings at %+v, want %+v", got, want)
	}
}

func TestScanKustomizationPrivilegedThroughPatch(t *testing.T) {
	if got := privilegedFindings(t, "testdata/kustomize/base", source.HelmOptions{}); len(got) != 0 {
		t.Fatalf("base: privileged-container at %+v, want none", got)
	}
	got := privilegedFindings(t, "testdata/kustomize/overlays/prod", source.HelmOptions{})
	want := []kube.Location{{
		File: "testdata/kustomize/base/deployment.yaml (kustomize build testdata/kustomize/overlays/prod)",
		Line: 19,
	}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("privileged-container findings at %+v, want %+v", got, want)
	}
}
