package source

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func TestBuildKustomizationOverlay(t *testing.T) {
	const dir = "testdata/kustomize/overlays/prod"
	files, err := buildKustomization(dir)
	if err != nil {
		t.Fatal(err)
	}
	const suffix = " (kustomize build testdata/kustomize/overlays/prod)"
	// The patch sets privileged: true; namePrefix and namespace apply to
	// every resource; the generated ConfigMap belongs to the kustomization
	// that configured it. No origin annotation leaks into the output.
	want := []renderedFile{
		{name: "testdata/kustomize/base/deployment.yaml" + suffix, data: []byte(`apiVersion: apps/v1
kind: Deployment
metadata:
  name: prod-web
  namespace: shop
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - image: nginx:1.27
        name: app
        securityContext:
          privileged: true
`)},
		{name: "testdata/kustomize/base/service.yaml" + suffix, data: []byte(`apiVersion: v1
kind: Service
metadata:
  name: prod-web
  namespace: shop
spec:
  ports:
  - port: 80
  selector:
    app: web
`)},
		{name: "testdata/kustomize/overlays/prod/kustomization.yaml" + suffix, data: []byte(`apiVersion: v1
data:
  mode: prod
kind: ConfigMap
metadata:
  name: prod-settings-mgc92dd9c6
  namespace: shop
`)},
	}
	assertRendered(t, files, want)
}

func TestBuildKustomizationGroupsByFile(t *testing.T) {
	// Two resources from one file stay in one renderedFile, in build order.
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "kustomization.yaml"), "resources: [both.yaml]\nnamespace: ns\n")
	writeFile(t, filepath.Join(dir, "both.yaml"),
		"apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: a}\n---\napiVersion: v1\nkind: ServiceAccount\nmetadata: {name: b}\n")
	files, err := buildKustomization(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := []renderedFile{{
		name: filepath.Join(dir, "both.yaml") + " (kustomize build " + dir + ")",
		data: []byte("apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: a\n  namespace: ns\n" +
			"---\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: b\n  namespace: ns\n"),
	}}
	assertRendered(t, files, want)
}

func TestBuildKustomizationKeepsRequestedOrigin(t *testing.T) {
	// A kustomization that asks for origin annotations gets them, as
	// kustomize build would emit them, and its file is left untouched.
	const dir = "testdata/kustomize/with-origin"
	before, err := os.ReadFile(filepath.Join(dir, "kustomization.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	files, err := buildKustomization(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := []renderedFile{{
		name: "testdata/kustomize/with-origin/pod.yaml (kustomize build testdata/kustomize/with-origin)",
		data: []byte(`apiVersion: v1
kind: Pod
metadata:
  annotations:
    config.kubernetes.io/origin: |
      path: pod.yaml
  name: solo
spec:
  containers:
  - image: busybox:1.36
    name: app
`),
	}}
	assertRendered(t, files, want)
	after, err := os.ReadFile(filepath.Join(dir, "kustomization.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if string(after) != string(before) {
		t.Errorf("kustomization.yaml changed on disk:\n%s", after)
	}
}

func TestKustomizeInputDocuments(t *testing.T) {
	docs, errs := readAll(Input{Path: "testdata/kustomize/base", Kind: KustomizeInput}, Options{})
	if len(errs) != 0 {
		t.Fatalf("errors: %v", errs)
	}
	type doc struct {
		file string
		line int
		kind string
	}
	var got []doc
	for _, d := range docs {
		got = append(got, doc{d.File, d.Line, d.Kind})
	}
	want := []doc{
		{"testdata/kustomize/base/deployment.yaml (kustomize build testdata/kustomize/base)", 1, "Deployment"},
		{"testdata/kustomize/base/service.yaml (kustomize build testdata/kustomize/base)", 1, "Service"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("documents:\n got %+v\nwant %+v", got, want)
	}
}

func TestKustomizeInputLoadRestriction(t *testing.T) {
	// Files outside the kustomization root are refused, as kustomize does
	// by default.
	const dir = "testdata/kustomize/escapes-root"
	abs, err := filepath.Abs("testdata/kustomize")
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(abs, "base", "deployment.yaml")
	docs, errs := readAll(Input{Path: dir, Kind: KustomizeInput}, Options{})
	if len(docs) != 0 {
		t.Errorf("%d documents emitted, want none", len(docs))
	}
	want := []Error{{File: dir, Message: "kustomize build: accumulating resources: accumulation err='accumulating resources from " +
		"'../base/deployment.yaml': security; file '" + file + "' is not in or below '" + filepath.Join(abs, "escapes-root") +
		"'': must build at directory: '" + file + "': file is not directory"}}
	if !reflect.DeepEqual(errs, want) {
		t.Errorf("errors:\n got %+v\nwant %+v", errs, want)
	}
}

func TestAddOriginAnnotations(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		want  string
		added bool
	}{
		{"no buildMetadata", "resources:\n  - a.yaml\n", "resources:\n    - a.yaml\nbuildMetadata:\n    - originAnnotations\n", true},
		{"other buildMetadata", "buildMetadata: [managedByLabel]\n", "buildMetadata:\n    - managedByLabel\n    - originAnnotations\n", true},
		{"already there", "buildMetadata: [originAnnotations]\n", "", false},
		{"empty file", "", "buildMetadata:\n    - originAnnotations\n", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, added, err := addOriginAnnotations([]byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if added != tt.added || string(got) != tt.want {
				t.Errorf("got %q, %v; want %q, %v", got, added, tt.want, tt.added)
			}
		})
	}
	for _, bad := range []string{"- a\n", "buildMetadata: yes\n", "a: [\n"} {
		if _, _, err := addOriginAnnotations([]byte(bad)); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

func TestDiscoverKustomizations(t *testing.T) {
	inputs, errs := Discover([]string{"testdata/kustomize"})
	if len(errs) != 0 {
		t.Fatalf("errors: %v", errs)
	}
	want := []Input{
		{Path: "testdata/kustomize/base", Kind: KustomizeInput},
		{Path: "testdata/kustomize/escapes-root", Kind: KustomizeInput},
		{Path: "testdata/kustomize/overlays/prod", Kind: KustomizeInput},
		{Path: "testdata/kustomize/with-origin", Kind: KustomizeInput},
	}
	if !reflect.DeepEqual(inputs, want) {
		t.Errorf("inputs:\n got %+v\nwant %+v", inputs, want)
	}
}

func assertRendered(t *testing.T, got, want []renderedFile) {
	t.Helper()
	if !reflect.DeepEqual(renderedNames(got), renderedNames(want)) {
		t.Fatalf("rendered files:\n got %q\nwant %q", renderedNames(got), renderedNames(want))
	}
	for i := range want {
		if string(got[i].data) != string(want[i].data) {
			t.Errorf("%s:\n got:\n%s\nwant:\n%s", want[i].name, got[i].data, want[i].data)
		}
	}
}

func writeFile(t *testing.T, path, data string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// Scans read inputs in parallel; kustomize keeps some global state, so
// builds and renders must be safe side by side (run with -race).
func TestBuildsInParallel(t *testing.T) {
	errs := make(chan error, 8)
	for i := range 8 {
		go func() {
			var err error
			if i%2 == 0 {
				_, err = buildKustomization("testdata/kustomize/overlays/prod")
			} else {
				_, err = renderChart(appChart, HelmOptions{})
			}
			errs <- err
		}()
	}
	for range 8 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}
