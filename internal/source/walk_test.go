package source

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// tree makes files (and, for names ending in "/", directories) under a
// new directory.
func tree(t *testing.T, names ...string) string {
	t.Helper()
	dir := t.TempDir()
	for _, n := range names {
		p := filepath.Join(dir, n)
		if n[len(n)-1] == '/' {
			if err := os.MkdirAll(p, 0o755); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("a: 1\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestDiscoverTellsChartsAndKustomizationsByListing(t *testing.T) {
	dir := tree(t, "chart/Chart.yaml", "chart/templates/x.yaml", "kust/Kustomization", "kust/a.yaml",
		"linked/real.yaml", "notchart/Chart.yaml/", "notchart/b.yaml", "plain/c.json", "plain/.hidden/d.yaml")
	// A Chart.yaml that is a link to a file makes a chart; a directory
	// named Chart.yaml does not.
	if err := os.Symlink("real.yaml", filepath.Join(dir, "linked/Chart.yaml")); err != nil {
		t.Fatal(err)
	}
	inputs, errs := Discover([]string{dir})
	if len(errs) != 0 {
		t.Fatalf("errors: %v", errs)
	}
	want := []Input{
		{Path: filepath.Join(dir, "chart"), Kind: HelmInput},
		{Path: filepath.Join(dir, "kust"), Kind: KustomizeInput},
		{Path: filepath.Join(dir, "linked"), Kind: HelmInput},
		{Path: filepath.Join(dir, "notchart/b.yaml"), Kind: FileInput},
		{Path: filepath.Join(dir, "plain/c.json"), Kind: FileInput},
	}
	if !reflect.DeepEqual(inputs, want) {
		t.Errorf("inputs:\n got %+v\nwant %+v", inputs, want)
	}
}

func TestWalkStopsWhenTold(t *testing.T) {
	dir := tree(t, "a/1.yaml", "a/2.yaml", "b/3.yaml", "c.yaml")
	var got []string
	Walk([]string{dir, filepath.Join(dir, "c.yaml")}, func(in Input) bool {
		got = append(got, in.Path)
		return len(got) < 2
	}, func(e Error) { t.Errorf("error: %v", e) })
	want := []string{filepath.Join(dir, "a/1.yaml"), filepath.Join(dir, "a/2.yaml")}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("walked %v, want %v", got, want)
	}
}

func TestWalkReportsMissingPaths(t *testing.T) {
	dir := tree(t, "a.yaml")
	var found []string
	var errs []Error
	Walk([]string{filepath.Join(dir, "nope"), dir}, func(in Input) bool {
		found = append(found, in.Path)
		return true
	}, func(e Error) { errs = append(errs, e) })
	wantErrs := []Error{{File: filepath.Join(dir, "nope"), Message: "no such file or directory"}}
	if !reflect.DeepEqual(errs, wantErrs) || !reflect.DeepEqual(found, []string{filepath.Join(dir, "a.yaml")}) {
		t.Errorf("errors %+v, found %v", errs, found)
	}
}
