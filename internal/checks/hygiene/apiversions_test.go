package hygiene

import (
	"reflect"
	"slices"
	"testing"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
)

// The loader parses exactly the kinds of the kube.Deprecatable view for
// the API-version checks: a table kind missing there is never checked, a
// view kind missing here is parsed for nothing.
func TestDeprecatableKindsMatchTable(t *testing.T) {
	viewKinds, all, ok := kube.ViewKinds(reflect.TypeFor[*kube.Deprecatable]())
	if !ok || all {
		t.Fatalf("kube.Deprecatable view: ok=%v all=%v", ok, all)
	}
	var tableKinds []string
	for _, d := range apiDeprecations {
		tableKinds = append(tableKinds, d.kind)
	}
	slices.Sort(tableKinds)
	tableKinds = slices.Compact(tableKinds)
	got := slices.Sorted(slices.Values(viewKinds))
	if !slices.Equal(got, tableKinds) {
		t.Errorf("view kinds %v\ntable kinds %v", got, tableKinds)
	}
	if slices.Contains(got, "CustomResourceDefinition") {
		t.Error("CustomResourceDefinition in the view would make every CRD be parsed")
	}
}

func TestDeprecationTable(t *testing.T) {
	seen := map[apiKey]bool{}
	for _, d := range apiDeprecations {
		k := apiKey{d.apiVersion, d.kind}
		if seen[k] {
			t.Errorf("%s %s listed twice", d.apiVersion, d.kind)
		}
		seen[k] = true
		if d.deprecated >= d.removed || d.deprecated > newestKnownMinor {
			t.Errorf("%s %s: deprecated 1.%d, removed 1.%d", d.apiVersion, d.kind, d.deprecated, d.removed)
		}
		if (d.replacement == "") == (d.note == "") {
			t.Errorf("%s %s: needs exactly one of replacement and note", d.apiVersion, d.kind)
		}
		// advice must not point at a version that goes away first
		if r := lookupDeprecation(d.replacement, d.kind); r != nil && r.removed <= d.removed {
			t.Errorf("%s %s: replacement %s is removed in 1.%d", d.apiVersion, d.kind, d.replacement, r.removed)
		}
	}
}

func TestAPIState(t *testing.T) {
	cronJob := lookupDeprecation("batch/v1beta1", "CronJob")
	if cronJob == nil || lookupDeprecation("batch/v1", "CronJob") != nil {
		t.Fatal("batch/v1beta1 CronJob must be in the table and batch/v1 not")
	}
	for _, tc := range []struct {
		version string
		want    apiState
	}{
		{"1.20", apiCurrent},
		{"1.21", apiDeprecated},
		{"v1.24.9", apiDeprecated},
		{"1.25", apiRemoved},
		{"", apiRemoved}, // the newest known release
	} {
		o := &kube.Object{Ref: kube.Ref{APIVersion: "batch/v1beta1", Kind: "CronJob"}}
		d, _, got, err := apiStateOf(o, &check.Settings{KubernetesVersion: tc.version})
		if err != nil || d != cronJob || got != tc.want {
			t.Errorf("target %q: state %d, err %v; want %d", tc.version, got, err, tc.want)
		}
	}
}

func TestTargetMinor(t *testing.T) {
	for in, want := range map[string]int{"": newestKnownMinor, "1.25": 25, "v1.32": 32, "1.29.4": 29} {
		if got, err := targetMinor(in); err != nil || got != want {
			t.Errorf("targetMinor(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"1", "2.0", "1.x", "latest", "1.-3"} {
		if _, err := targetMinor(in); err == nil {
			t.Errorf("targetMinor(%q): want an error", in)
		}
	}
}
