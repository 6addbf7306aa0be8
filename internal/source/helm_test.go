package source

import (
	"os"
	"reflect"
	"strings"
	"testing"

	"helm.sh/helm/v3/pkg/chart/loader"
	"helm.sh/helm/v3/pkg/chartutil"
)

const appChart = "testdata/charts/app"

func renderedNames(files []renderedFile) []string {
	var names []string
	for _, f := range files {
		names = append(names, f.name)
	}
	return names
}

func renderedText(t *testing.T, files []renderedFile, name string) string {
	t.Helper()
	for _, f := range files {
		if f.name == name {
			return string(f.data)
		}
	}
	t.Fatalf("no rendered file %s among %q", name, renderedNames(files))
	return ""
}

func TestRenderChartWithOverrides(t *testing.T) {
	files, err := renderChart(appChart, HelmOptions{
		ValuesFiles: []string{"testdata/charts/app-values/prod.yaml"},
		Set:         []string{"image.repository=registry.example/web"},
		Namespace:   "shop",
		ReleaseName: "rel",
	})
	if err != nil {
		t.Fatal(err)
	}
	// Sorted by name; NOTES.txt, the _helpers.tpl partial and the
	// configmap that renders to nothing are not there.
	wantNames := []string{
		"testdata/charts/app/charts/db/templates/statefulset.yaml",
		"testdata/charts/app/templates/deployment.yaml",
		"testdata/charts/app/templates/service.yaml",
	}
	if got := renderedNames(files); !reflect.DeepEqual(got, wantNames) {
		t.Fatalf("rendered files:\n got %q\nwant %q", got, wantNames)
	}

	// replicas and tag from the -f file, repository from --set, runAsNonRoot
	// from the chart's values.yaml, name and namespace from the release.
	wantDeployment := `apiVersion: apps/v1
kind: Deployment
metadata:
  name: rel-app
  namespace: shop
  labels:
    app.kubernetes.io/instance: rel
spec:
  replicas: 3
  selector:
    matchLabels:
      app.kubernetes.io/instance: rel
  template:
    metadata:
      labels:
        app.kubernetes.io/instance: rel
    spec:
      containers:
        - name: web
          image: "registry.example/web:1.28"
          securityContext:
            privileged: false
            runAsNonRoot: true
`
	if got := renderedText(t, files, wantNames[1]); got != wantDeployment {
		t.Errorf("deployment.yaml rendered as:\n%s\nwant:\n%s", got, wantDeployment)
	}

	// The subchart gets its own values.yaml, overridden by the parent's
	// values.yaml (tag 16) and by the -f file (replicas 2).
	wantStatefulSet := `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: rel-db
  namespace: shop
spec:
  replicas: 2
  serviceName: rel-db
  selector:
    matchLabels:
      app: db
  template:
    metadata:
      labels:
        app: db
    spec:
      containers:
        - name: postgres
          image: "postgres:16"
`
	if got := renderedText(t, files, wantNames[0]); got != wantStatefulSet {
		t.Errorf("statefulset.yaml rendered as:\n%s\nwant:\n%s", got, wantStatefulSet)
	}

	wantService := `apiVersion: v1
kind: Service
metadata:
  name: rel-app
  namespace: shop
spec:
  selector:
    app.kubernetes.io/instance: rel
  ports:
    - port: 80
`
	if got := renderedText(t, files, wantNames[2]); got != wantService {
		t.Errorf("service.yaml rendered as:\n%s\nwant:\n%s", got, wantService)
	}
}

func TestRenderChartDefaults(t *testing.T) {
	files, err := renderChart(appChart, HelmOptions{})
	if err != nil {
		t.Fatal(err)
	}
	dep := renderedText(t, files, "testdata/charts/app/templates/deployment.yaml")
	for _, want := range []string{
		"  name: release-app\n",
		"  namespace: default\n",
		"  replicas: 1\n",
		`image: "nginx:1.27"`,
	} {
		if !strings.Contains(dep, want) {
			t.Errorf("deployment.yaml lacks %q:\n%s", want, dep)
		}
	}
	sts := renderedText(t, files, "testdata/charts/app/charts/db/templates/statefulset.yaml")
	if !strings.Contains(sts, "  replicas: 1\n") || !strings.Contains(sts, `image: "postgres:16"`) {
		t.Errorf("statefulset.yaml without overrides:\n%s", sts)
	}
}

func TestRenderChartValuesPrecedence(t *testing.T) {
	tests := []struct {
		name string
		opts HelmOptions
		want string
	}{
		{"chart values", HelmOptions{}, "  replicas: 1\n"},
		{"later file wins", HelmOptions{ValuesFiles: []string{
			"testdata/charts/app-values/prod.yaml", "testdata/charts/app-values/later.yaml"}}, "  replicas: 5\n"},
		{"file order matters", HelmOptions{ValuesFiles: []string{
			"testdata/charts/app-values/later.yaml", "testdata/charts/app-values/prod.yaml"}}, "  replicas: 3\n"},
		{"set wins over files", HelmOptions{
			ValuesFiles: []string{"testdata/charts/app-values/later.yaml"},
			Set:         []string{"replicaCount=7"}}, "  replicas: 7\n"},
		{"later set wins", HelmOptions{Set: []string{"replicaCount=7", "replicaCount=8"}}, "  replicas: 8\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files, err := renderChart(appChart, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			dep := renderedText(t, files, "testdata/charts/app/templates/deployment.yaml")
			if !strings.Contains(dep, tt.want) {
				t.Errorf("deployment.yaml lacks %q:\n%s", tt.want, dep)
			}
		})
	}
}

func TestRenderChartConditionalTemplate(t *testing.T) {
	files, err := renderChart(appChart, HelmOptions{Set: []string{"extraConfig=true"}})
	if err != nil {
		t.Fatal(err)
	}
	want := `apiVersion: v1
kind: ConfigMap
metadata:
  name: release-app-extra
data:
  mode: extra
`
	// The template starts with a trimmed action, so the output starts with
	// a newline: line numbers count it, as they count any rendered line.
	if got := renderedText(t, files, "testdata/charts/app/templates/configmap.yaml"); got != "\n"+want {
		t.Errorf("configmap.yaml rendered as %q, want %q", got, "\n"+want)
	}
}

// readAll reads one input through the same path a scan takes.
func readAll(in Input, opts Options) ([]*Document, []Error) {
	var docs []*Document
	errs := in.Read(opts, func(d *Document) { docs = append(docs, d) })
	return docs, errs
}

func TestHelmInputDocuments(t *testing.T) {
	docs, errs := readAll(Input{Path: appChart, Kind: HelmInput}, Options{})
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
		{"testdata/charts/app/charts/db/templates/statefulset.yaml", 1, "StatefulSet"},
		{"testdata/charts/app/templates/deployment.yaml", 1, "Deployment"},
		{"testdata/charts/app/templates/service.yaml", 1, "Service"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("documents:\n got %+v\nwant %+v", got, want)
	}
}

func TestHelmInputErrors(t *testing.T) {
	tests := []struct {
		name string
		path string
		opts HelmOptions
		want string
	}{
		{
			name: "missing values file",
			path: appChart,
			opts: HelmOptions{ValuesFiles: []string{"testdata/charts/app-values/prod.yaml", "testdata/charts/app-values/missing.yaml"}},
			want: `values file "testdata/charts/app-values/missing.yaml": no such file or directory`,
		},
		{
			name: "values from stdin",
			path: appChart,
			opts: HelmOptions{ValuesFiles: []string{"-"}},
			want: `values file "-": reading values from stdin is not supported, name a file`,
		},
		{
			name: "bad set",
			path: appChart,
			opts: HelmOptions{Set: []string{"a[=b"}},
			want: `--set "a[=b": error parsing index: EOF`,
		},
		{
			// Helm's engine returns nothing once a template fails, so the
			// good configmap.yaml is not emitted either.
			name: "failing template",
			path: "testdata/charts/failing",
			want: "render template testdata/charts/failing/templates/broken.yaml: " +
				"execution error at (failing/templates/broken.yaml:4:11): boom",
		},
		{
			name: "missing dependency",
			path: "testdata/charts/missing-dep",
			want: "dependencies listed in Chart.yaml are missing from charts/ (run helm dependency build): redis",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			docs, errs := readAll(Input{Path: tt.path, Kind: HelmInput}, Options{Helm: tt.opts})
			if len(docs) != 0 {
				t.Errorf("%d documents emitted, want none", len(docs))
			}
			want := []Error{{File: tt.path, Message: tt.want}}
			if !reflect.DeepEqual(errs, want) {
				t.Errorf("errors:\n got %+v\nwant %+v", errs, want)
			}
		})
	}
}

func TestDiscoverChart(t *testing.T) {
	inputs, errs := Discover([]string{"testdata/charts"})
	if len(errs) != 0 {
		t.Fatalf("errors: %v", errs)
	}
	want := []Input{
		{Path: "testdata/charts/app", Kind: HelmInput},
		{Path: "testdata/charts/app-values/later.yaml", Kind: FileInput},
		{Path: "testdata/charts/app-values/prod.yaml", Kind: FileInput},
		{Path: "testdata/charts/failing", Kind: HelmInput},
		{Path: "testdata/charts/missing-dep", Kind: HelmInput},
	}
	if !reflect.DeepEqual(inputs, want) {
		t.Errorf("inputs:\n got %+v\nwant %+v", inputs, want)
	}
}

// TestRenderedPrivilegedLine pins the line the scan test expects a finding
// on: line 22 of the rendered deployment.yaml is `privileged: true`.
func TestRenderedPrivilegedLine(t *testing.T) {
	files, err := renderChart(appChart, HelmOptions{Set: []string{"securityContext.privileged=true"}})
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(renderedText(t, files, "testdata/charts/app/templates/deployment.yaml"), "\n")
	if len(lines) < 22 || lines[21] != "            privileged: true" {
		t.Errorf("line 22 of the rendered deployment.yaml is not `privileged: true`:\n%s", strings.Join(lines, "\n"))
	}
}

func TestRenderChartAliasesAndConditions(t *testing.T) {
	// One subchart used twice under aliases, one alias disabled by its
	// condition: both enabled copies are named by the subchart's directory,
	// which need not match the chart's name.
	dir := t.TempDir()
	writeFile(t, dir+"/Chart.yaml", `apiVersion: v2
name: parent
version: 1.0.0
dependencies:
  - {name: cache, version: 2.0.0, alias: hot}
  - {name: cache, version: 2.0.0, alias: warm}
  - {name: cache, version: 2.0.0, alias: cold, condition: cold.enabled}
`)
	writeFile(t, dir+"/values.yaml", "warm:\n  size: 2\ncold:\n  enabled: false\n")
	if err := os.MkdirAll(dir+"/charts/cache-src/templates", 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, dir+"/charts/cache-src/Chart.yaml", "apiVersion: v2\nname: cache\nversion: 2.0.0\n")
	writeFile(t, dir+"/charts/cache-src/values.yaml", "size: 1\n")
	writeFile(t, dir+"/charts/cache-src/templates/cm.yaml",
		"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Chart.Name }}\ndata:\n  size: \"{{ .Values.size }}\"\n")

	files, err := renderChart(dir, HelmOptions{})
	if err != nil {
		t.Fatal(err)
	}
	name := dir + "/charts/cache-src/templates/cm.yaml"
	want := []renderedFile{
		{name: name, data: []byte("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: hot\ndata:\n  size: \"1\"\n")},
		{name: name, data: []byte("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: warm\ndata:\n  size: \"2\"\n")},
	}
	assertRendered(t, files, want)
}

func TestRenderChartPackagedSubchart(t *testing.T) {
	// A subchart kept as charts/NAME-VERSION.tgz, as helm dependency build
	// leaves it, is named by its path inside the archive.
	dir := t.TempDir()
	writeFile(t, dir+"/Chart.yaml", "apiVersion: v2\nname: parent\nversion: 1.0.0\n")
	sub, err := loader.LoadDir("testdata/charts/app/charts/db")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(dir+"/charts", 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := chartutil.Save(sub, dir+"/charts"); err != nil {
		t.Fatal(err)
	}
	files, err := renderChart(dir, HelmOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{dir + "/charts/db-0.2.0.tgz/db/templates/statefulset.yaml"}
	if got := renderedNames(files); !reflect.DeepEqual(got, want) {
		t.Errorf("rendered files:\n got %q\nwant %q", got, want)
	}
}
