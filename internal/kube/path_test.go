package kube

import (
	"reflect"
	"testing"

	"go.yaml.in/yaml/v3"
)

func TestKeyAndIndex(t *testing.T) {
	for _, tt := range []struct{ got, want string }{
		{Key("", "spec"), "spec"},
		{Key("spec", "containers"), "spec.containers"},
		{Key("metadata.annotations", "a.b/c"), `metadata.annotations["a.b/c"]`},
		{Key("x", `q"[]`), `x["q\"[]"]`},
		{Key("x", ""), `x[""]`},
		{Index("spec.containers", 2), "spec.containers[2]"},
	} {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

func TestParsePath(t *testing.T) {
	k := func(s string) pathSegment { return pathSegment{key: s, index: -1} }
	i := func(n int) pathSegment { return pathSegment{index: n} }
	for path, want := range map[string][]pathSegment{
		"":                                   nil,
		"spec.containers[0].securityContext": {k("spec"), k("containers"), i(0), k("securityContext")},
		`metadata.annotations["a.b/c"]`:      {k("metadata"), k("annotations"), k("a.b/c")},
		`a["q\"]x"].b`:                       {k("a"), k(`q"]x`), k("b")},
		"a[1][2]":                            {k("a"), i(1), i(2)},
		"a..b.":                              {k("a"), k("b")},
		"a[-1].b":                            {k("a")},
		"a[x]":                               {k("a")},
		"a[3":                                {k("a")},
		`a["open`:                            {k("a")},
		`a["bad\q"]`:                         {k("a")},
		"a[99999999999999999999999]":         {k("a")},
	} {
		if got := parsePath(path); !reflect.DeepEqual(got, want) {
			t.Errorf("parsePath(%q) = %v, want %v", path, got, want)
		}
	}
}

const pathDoc = `vols: &vols
- name: v
apiVersion: v1
kind: Pod
metadata:
  name: p
  annotations:
    a.b/c: "1"
    "x.y": "2"
defaults: &defaults
  image: base
  securityContext: {runAsUser: 0}
spec:
  containers:
  - name: app
    <<: *defaults
    ports: [{containerPort: 80}, {containerPort: 443}]
  - {name: side, image: side, securityContext: {privileged: true}}
  volumes: *vols
`

func node(t *testing.T, src string) *yaml.Node {
	t.Helper()
	var n yaml.Node
	if err := yaml.Unmarshal([]byte(src), &n); err != nil {
		t.Fatal(err)
	}
	return &n
}

func TestLocatePath(t *testing.T) {
	n := node(t, pathDoc)
	type pos struct{ line, col int }
	for path, want := range map[string]pos{
		"":                              {1, 1},
		"metadata":                      {5, 1},
		"metadata.name":                 {6, 3},
		`metadata.annotations["a.b/c"]`: {8, 5},
		`metadata.annotations["x.y"]`:   {9, 5},
		"metadata.annotations.a":        {7, 3},  // missing leaf: deepest ancestor
		"metadata.labels.app":           {5, 1},  // missing branch
		"metadata.name.deeper":          {6, 3},  // into a scalar
		"spec.containers[0]":            {15, 5}, // a list item: the item
		"spec.containers[0].name":       {15, 5},
		"spec.containers[0].ports[1].containerPort":     {17, 35},
		"spec.containers[0].ports[2]":                   {17, 5},
		"spec.containers[1].securityContext.privileged": {18, 49}, // flow style
		"spec.containers[0].image":                      {11, 3},  // merged in: where it is written
		"spec.containers[0].securityContext.runAsUser":  {12, 21},
		"spec.containers[5].name":                       {14, 3},
		"spec.containers.name":                          {14, 3}, // key on a list
		"spec[0]":                                       {13, 1}, // index on a map
		"spec.volumes[0].name":                          {2, 3},  // through an alias
	} {
		line, col, ok := LocatePath(n, path)
		if !ok || (pos{line, col}) != want {
			t.Errorf("LocatePath(%q) = %d:%d %v, want %d:%d", path, line, col, ok, want.line, want.col)
		}
	}
	if _, _, ok := LocatePath(nil, "a"); ok {
		t.Error("LocatePath(nil) ok")
	}
}

func TestLocatePathMergeCycle(t *testing.T) {
	n := node(t, "a: &a {x: 1, <<: [*a, *a, *a, *a, *a, *a, *a, *a]}\n")
	// "y" is nowhere: the search of the cyclic merges must end
	line, col, ok := LocatePath(n, "a.y")
	if !ok || line != 1 || col != 1 {
		t.Errorf("LocatePath = %d:%d %v", line, col, ok)
	}
	line, col, _ = LocatePath(n, "a.x")
	if line != 1 || col != 8 {
		t.Errorf("LocatePath(a.x) = %d:%d", line, col)
	}
}

func TestLocatePathAliasCycle(t *testing.T) {
	n := node(t, "a: &a {b: *a, c: 1}\n")
	if line, col, _ := LocatePath(n, "a.b.b.b.b.c"); line != 1 || col != 15 {
		t.Errorf("LocatePath = %d:%d", line, col)
	}
}
