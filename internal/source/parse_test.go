package source

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/kubeward/kubeward/internal/kube"
)

// parsed is the comparable summary of one object.
type parsed struct {
	Ref  kube.Ref
	Loc  kube.Location
	Doc  int
	JSON string
}

func parseAt(t *testing.T, line int, data string) ([]parsed, []Error) {
	t.Helper()
	d := &Document{File: "f.yaml", Index: 3, Line: line, Data: []byte(data)}
	objs, errs := Parse(d, 1<<20)
	var got []parsed
	for _, o := range objs {
		if !json.Valid(o.JSON) {
			t.Errorf("invalid JSON %s", o.JSON)
		}
		got = append(got, parsed{Ref: o.Ref, Loc: o.Location, Doc: o.Document, JSON: string(o.JSON)})
	}
	return got, errs
}

func checkParse(t *testing.T, gotObjs []parsed, gotErrs []Error, wantObjs []parsed, wantErrs []Error) {
	t.Helper()
	if !reflect.DeepEqual(gotObjs, wantObjs) {
		t.Errorf("objects:\n got %#v\nwant %#v", gotObjs, wantObjs)
	}
	if !reflect.DeepEqual(gotErrs, wantErrs) {
		t.Errorf("errors:\n got %#v\nwant %#v", gotErrs, wantErrs)
	}
}

func TestParseObject(t *testing.T) {
	objs, errs := parseAt(t, 10, "---\n# c\napiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: ns}\n")
	checkParse(t, objs, errs, []parsed{{
		Ref:  kube.Ref{APIVersion: "v1", Kind: "Pod", Namespace: "ns", Name: "p"},
		Loc:  kube.Location{File: "f.yaml", Line: 12, Column: 1},
		Doc:  3,
		JSON: `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"ns"}}`,
	}}, nil)
}

func TestParseList(t *testing.T) {
	data := "apiVersion: v1\n" + // 5
		"kind: List\n" + // 6
		"items:\n" + // 7
		"- apiVersion: v1\n" + // 8
		"  kind: ConfigMap\n" + // 9
		"  metadata: {name: a}\n" + // 10
		"- 42\n" + // 11
		"- kind: Secret\n" + // 12
		"  metadata: {name: nover}\n" + // 13
		"-   apiVersion: apps/v1\n" + // 14
		"    kind: Deployment\n" + // 15
		"    metadata: {name: b}\n" // 16
	objs, errs := parseAt(t, 5, data)
	checkParse(t, objs, errs, []parsed{
		{Ref: kube.Ref{APIVersion: "v1", Kind: "ConfigMap", Name: "a"}, Loc: kube.Location{File: "f.yaml", Line: 8, Column: 3}, Doc: 3,
			JSON: `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a"}}`},
		{Ref: kube.Ref{APIVersion: "apps/v1", Kind: "Deployment", Name: "b"}, Loc: kube.Location{File: "f.yaml", Line: 14, Column: 5}, Doc: 3,
			JSON: `{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"b"}}`},
	}, []Error{
		{File: "f.yaml", Line: 11, Message: "List item is not an object (a mapping with apiVersion and kind)"},
		{File: "f.yaml", Line: 12, Message: "List item: Secret object has no apiVersion"},
	})
}

func TestParseJSONList(t *testing.T) {
	objs, errs := parseAt(t, 1, `{"apiVersion":"v1","kind":"PodList","items":[{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a"}},{"apiVersion":"v1","kind":"Pod","metadata":{"name":"b","labels":{"x":"true"}}}]}`)
	checkParse(t, objs, errs, []parsed{
		{Ref: kube.Ref{APIVersion: "v1", Kind: "Pod", Name: "a"}, Loc: kube.Location{File: "f.yaml", Line: 1, Column: 46}, Doc: 3,
			JSON: `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a"}}`},
		{Ref: kube.Ref{APIVersion: "v1", Kind: "Pod", Name: "b"}, Loc: kube.Location{File: "f.yaml", Line: 1, Column: 103}, Doc: 3,
			JSON: `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"b","labels":{"x":"true"}}}`},
	}, nil)
}

func TestParseJSONObject(t *testing.T) {
	objs, errs := parseAt(t, 2, "{\n  \"apiVersion\": \"v1\",\n  \"kind\": \"Service\",\n  \"metadata\": {\"name\": \"s\"}\n}\n")
	checkParse(t, objs, errs, []parsed{{
		Ref: kube.Ref{APIVersion: "v1", Kind: "Service", Name: "s"}, Loc: kube.Location{File: "f.yaml", Line: 2, Column: 1}, Doc: 3,
		JSON: `{"apiVersion":"v1","kind":"Service","metadata":{"name":"s"}}`,
	}}, nil)
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		data string
		want Error // Line is relative to a document starting at line 20
	}{
		{"no apiVersion", "# c\nkind: Pod\nmetadata: {name: x}\n", Error{Line: 21, Message: "Pod object has no apiVersion"}},
		{"no kind", "apiVersion: v1\nmetadata: {name: x}\n", Error{Line: 20, Message: "object (apiVersion v1) has no kind"}},
		{"neither", "metadata: {name: x}\n", Error{Line: 20, Message: "object has no apiVersion and no kind"}},
		{"null kind", "apiVersion: v1\nkind:\n", Error{Line: 20, Message: "object (apiVersion v1) has no kind"}},
		{"kind not a string", "apiVersion: v1\nkind: 5\n", Error{Line: 21, Message: "kind is not a string"}},
		{"kind a YAML 1.1 bool", "apiVersion: v1\nkind: yes\n", Error{Line: 21, Message: "kind is not a string"}},
		{"apiVersion a map", "apiVersion: {a: 1}\nkind: Pod\n", Error{Line: 20, Message: "apiVersion is not a string"}},
		{"list document", "# c\n- a\n- b\n", Error{Line: 21, Message: "document is a list, not a Kubernetes object (a mapping with apiVersion and kind)"}},
		{"scalar document", "---\nhello\n", Error{Line: 21, Message: "document is a scalar, not a Kubernetes object (a mapping with apiVersion and kind)"}},
		{"duplicate key", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  name: b\n", Error{Line: 24, Message: `duplicate key "name"`}},
		{"bad indentation", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n   labels: {}\n", Error{Line: 24, Message: "invalid YAML: mapping values are not allowed in this context"}},
		{"tab indentation", "apiVersion: v1\nkind: Pod\nmetadata:\n\tname: a\n", Error{Line: 23, Message: "invalid YAML: found character that cannot start any token"}},
		{"unclosed quote", "apiVersion: v1\nkind: \"Pod\nmetadata: {}\n", Error{Line: 21, Message: "invalid YAML: found unexpected end of stream"}},
		{"Latin-1", "apiVersion: v1\nkind: Pod\nmetadata: {name: caf\xe9}\n", Error{Line: 22, Message: "invalid YAML: invalid trailing UTF-8 octet (byte 0xe9 is not UTF-8; save the file as UTF-8)"}},
		{"NUL byte", "apiVersion: v1\nkind: Pod\x00\n", Error{Line: 21, Message: "invalid YAML: control characters are not allowed (a NUL byte: is this a binary file?)"}},
		{"control character", "apiVersion: v1\n\nkind: P\x07d\n", Error{Line: 22, Message: "invalid YAML: control characters are not allowed (control character 0x07)"}},
		{"second document", "apiVersion: v1\nkind: Pod\n---\u2028a: 1\n", Error{Line: 22, Message: "invalid YAML: a second YAML document starts here; put \"---\" alone at the start of a line before it"}},
		{"infinity", "apiVersion: v1\nkind: Pod\nspec: {x: -.Inf}\n", Error{Line: 22, Message: `value "-.Inf" cannot be represented in JSON`}},
		{"undefined alias", "apiVersion: v1\nkind: Pod\nspec: *nope\n", Error{Line: 22, Message: "invalid YAML: unknown anchor 'nope' referenced"}},
		{"non-scalar key", "apiVersion: v1\nkind: Pod\n? [a]\n: 1\n", Error{Line: 22, Message: "mapping key is not a scalar"}},
		{"metadata of wrong type", "apiVersion: v1\nkind: Pod\nmetadata: [1]\n", Error{Line: 20, Message: "decode object: metadata: json: cannot unmarshal array into Go value of type v1.ObjectMeta"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			objs, errs := parseAt(t, 20, tt.data)
			tt.want.File = "f.yaml"
			checkParse(t, objs, errs, nil, []Error{tt.want})
		})
	}
}

func TestParseEmpty(t *testing.T) {
	for _, data := range []string{"", "# only\n", "---\n", "~\n", "null\n"} {
		objs, errs := parseAt(t, 1, data)
		checkParse(t, objs, errs, nil, nil)
	}
}

func TestParseDocumentError(t *testing.T) {
	d := &Document{File: "f.yaml", Line: 7, Err: fmt.Errorf("%w: more than 9 bytes", ErrTooLarge)}
	objs, errs := Parse(d, 100)
	if objs != nil || !reflect.DeepEqual(errs, []Error{{File: "f.yaml", Line: 7, Message: "document too large: more than 9 bytes"}}) {
		t.Errorf("Parse = %v, %v", objs, errs)
	}
}

func TestParseLocate(t *testing.T) {
	data := "apiVersion: v1\n" + // 31
		"kind: List\n" + // 32
		"items:\n" + // 33
		"- apiVersion: v1\n" + // 34
		"  kind: Pod\n" + // 35
		"  metadata: {name: a, annotations: {\"a.b/c\": x}}\n" + // 36
		"  spec:\n" + // 37
		"    containers:\n" + // 38
		"    - name: app\n" + // 39
		"      securityContext: {privileged: true}\n" // 40
	d := &Document{File: "f.yaml", Line: 31, Data: []byte(data)}
	objs, errs := Parse(d, 1<<20)
	if len(objs) != 1 || errs != nil {
		t.Fatalf("Parse = %v, %v", objs, errs)
	}
	for path, want := range map[string]kube.Location{
		"":                              {File: "f.yaml", Line: 34, Column: 3},
		"metadata.annotations":          {File: "f.yaml", Line: 36, Column: 23},
		`metadata.annotations["a.b/c"]`: {File: "f.yaml", Line: 36, Column: 37},
		"spec.containers[0].securityContext.privileged": {File: "f.yaml", Line: 40, Column: 25},
		"spec.containers[0].securityContext.runAsUser":  {File: "f.yaml", Line: 40, Column: 7},
		"spec.containers[3]":                            {File: "f.yaml", Line: 38, Column: 5},
	} {
		if got := objs[0].Locate(path); got != want {
			t.Errorf("Locate(%q) = %#v, want %#v", path, got, want)
		}
	}
}

func TestDiscoverSkipsHiddenFilesAndDirectories(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"app.yaml", ".kubeward.yaml", ".gitlab-ci.yml", ".github/workflows/ci.yaml", "sub/svc.yml"} {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte("a: 1\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	inputs, errs := Discover([]string{dir, filepath.Join(dir, ".kubeward.yaml")})
	if len(errs) != 0 {
		t.Fatalf("errors: %v", errs)
	}
	want := []Input{
		{Path: filepath.Join(dir, ".kubeward.yaml"), Kind: FileInput}, // named explicitly
		{Path: filepath.Join(dir, "app.yaml"), Kind: FileInput},
		{Path: filepath.Join(dir, "sub/svc.yml"), Kind: FileInput},
	}
	if !reflect.DeepEqual(inputs, want) {
		t.Errorf("inputs:\n got %+v\nwant %+v", inputs, want)
	}
}
