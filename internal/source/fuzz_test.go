package source

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"go.yaml.in/yaml/v3"
)

// seeds adds every testdata manifest (and the hostile ones) to a corpus.
func seeds(f *testing.F) {
	for _, pattern := range []string{"testdata/hostile/*", "testdata/*/*.yaml", "testdata/*/*/*.yaml"} {
		files, _ := filepath.Glob(pattern)
		for _, file := range files {
			if data, err := os.ReadFile(file); err == nil && len(data) < 1<<20 {
				f.Add(data)
			}
		}
	}
	f.Add([]byte("---\napiVersion: v1\nkind: Pod\n...\n--- {a: 1}\n"))
	f.Add([]byte("apiVersion: v1\r\nkind: List\r\nitems:\r\n- {apiVersion: v1, kind: Pod}\r\n"))
	f.Add([]byte(billionLaughs))
}

func FuzzSplit(f *testing.F) {
	seeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		lines := bytes.Count(data, []byte("\n")) + 1
		for _, wants := range []func(string, string) bool{nil, wantsOnly("Pod")} {
			s := newSplitter(bytes.NewReader(data), "f.yaml", 256, wants)
			last, n := 0, 0
			for {
				d, err := s.next()
				if errors.Is(err, io.EOF) {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				n++
				if d.Line <= last || d.Line > lines+1 {
					t.Fatalf("document %d at line %d after line %d (of %d)", n, d.Line, last, lines)
				}
				last = d.Line
				if len(d.Data) > 256+len("---\n") && d.Err == nil {
					t.Fatalf("document of %d bytes kept over the limit", len(d.Data))
				}
				if d.Skipped && (d.Data != nil || d.Err != nil) {
					t.Fatal("a skipped document kept data or an error")
				}
			}
			if n > lines {
				t.Fatalf("%d documents from %d lines", n, lines)
			}
		}
	})
}

func FuzzParse(f *testing.F) {
	seeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		d := &Document{File: "f.yaml", Line: 5, Data: data}
		objs, errs := Parse(d, 1<<20)
		for _, e := range errs {
			if e.File != "f.yaml" || e.Line < 5 || e.Message == "" {
				t.Fatalf("bad error %#v", e)
			}
		}
		for _, o := range objs {
			if !json.Valid(o.JSON) {
				t.Fatalf("invalid JSON %q", o.JSON)
			}
			if o.Kind == "" || o.APIVersion == "" {
				t.Fatalf("object without kind or apiVersion: %s", o.JSON)
			}
			for _, path := range []string{"", "metadata.name", "spec.containers[0].securityContext", `metadata.annotations["a.b/c"]`, "items[3]"} {
				if loc := o.Locate(path); loc.Line < 5 || loc.File != "f.yaml" {
					t.Fatalf("Locate(%q) = %+v", path, loc)
				}
			}
		}
	})
}

func FuzzToJSON(f *testing.F) {
	seeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		var n yaml.Node
		if decodeErr := func() (err error) {
			defer func() {
				if recover() != nil {
					err = errors.New("parser panic")
				}
			}()
			return yaml.Unmarshal(data, &n)
		}(); decodeErr != nil {
			return
		}
		out, err := toJSON(&n, 1<<20)
		if err == nil && !json.Valid(out) {
			t.Fatalf("invalid JSON %q", out)
		}
		if err == nil && len(out) > 1<<20+len(data)+64 {
			t.Fatalf("%d bytes of JSON past the budget", len(out))
		}
	})
}
