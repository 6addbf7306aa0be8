package source_test

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/checks"
	"github.com/kubeward/kubeward/internal/kube"
	"github.com/kubeward/kubeward/internal/report"
	"github.com/kubeward/kubeward/internal/scan"
	"github.com/kubeward/kubeward/internal/source"
)

// readResult is what the real reading path made of one input.
type readResult struct {
	objects []kube.Ref
	skipped int
	errs    []source.Error
}

// read runs an input through Input.Read and Parse, as a scan does.
func read(t *testing.T, path string, opts source.Options) readResult {
	t.Helper()
	var r readResult
	errs := source.Input{Path: path, Kind: source.FileInput}.Read(opts, func(d *source.Document) {
		if d.Skipped {
			r.skipped++
			return
		}
		objs, errs := source.Parse(d, 4*opts.MaxSize())
		for _, o := range objs {
			r.objects = append(r.objects, o.Ref)
		}
		r.errs = append(r.errs, errs...)
	})
	r.errs = append(r.errs, errs...)
	return r
}

func pod(name string) kube.Ref { return kube.Ref{APIVersion: "v1", Kind: "Pod", Name: name} }

// hostileCases are the files of testdata/hostile: each has a bad document
// and, after it, a privileged Pod that must still be read and reported.
var hostileCases = []struct {
	file    string
	objects []kube.Ref
	errs    []source.Error // File is filled in
	finding int            // line of the privileged-container finding
}{
	{"bad-indent.yaml", []kube.Ref{pod("after-indent")},
		[]source.Error{{Line: 5, Message: "invalid YAML: mapping values are not allowed in this context"}}, 14},
	{"unclosed-quote.yaml", []kube.Ref{pod("after-quote")},
		[]source.Error{{Line: 4, Message: "invalid YAML: found unexpected end of stream"}}, 14},
	{"tabs.yaml", []kube.Ref{pod("after-tab")},
		[]source.Error{{Line: 4, Message: "invalid YAML: found character that cannot start any token"}}, 13},
	{"alias-bomb.yaml", []kube.Ref{pod("after-bomb")},
		[]source.Error{{Line: 10, Message: "aliases expand to more than 1048576 nodes (alias bomb?)"}}, 23},
	{"png.yaml", []kube.Ref{pod("after-png")},
		[]source.Error{{Line: 1, Message: "invalid YAML: invalid leading UTF-8 octet (byte 0x89 is not UTF-8; save the file as UTF-8)"}}, 12},
	{"nul.yaml", []kube.Ref{pod("after-nul")},
		[]source.Error{{Line: 3, Message: "invalid YAML: control characters are not allowed (a NUL byte: is this a binary file?)"}}, 12},
	{"latin1.yaml", []kube.Ref{pod("after-latin1")},
		[]source.Error{{Line: 4, Message: "invalid YAML: incomplete UTF-8 octet sequence (byte 0xe9 is not UTF-8; save the file as UTF-8)"}}, 13},
	{"utf16.yaml", []kube.Ref{pod("utf16")}, nil, 10},
	{"duplicate-keys.yaml", []kube.Ref{pod("after-dup")},
		[]source.Error{{Line: 6, Message: `duplicate key "containers"`}}, 16},
	{"no-kind.yaml", []kube.Ref{pod("after-nokind")}, []source.Error{
		{Line: 1, Message: "object has no apiVersion and no kind"},
		{Line: 3, Message: "Pod object has no apiVersion"},
		{Line: 6, Message: "object (apiVersion v1) has no kind"},
	}, 16},
	{"not-objects.yaml", []kube.Ref{pod("after-scalars")}, []source.Error{
		{Line: 1, Message: "document is a scalar, not a Kubernetes object (a mapping with apiVersion and kind)"},
		{Line: 3, Message: "document is a list, not a Kubernetes object (a mapping with apiVersion and kind)"},
		{Line: 6, Message: "document is a scalar, not a Kubernetes object (a mapping with apiVersion and kind)"},
	}, 15},
}

func TestHostileFiles(t *testing.T) {
	for _, tc := range hostileCases {
		t.Run(tc.file, func(t *testing.T) {
			path := filepath.Join("testdata", "hostile", tc.file)
			got := read(t, path, source.Options{})
			want := withFile(path, tc.errs)
			if !reflect.DeepEqual(got.objects, tc.objects) {
				t.Errorf("objects %v, want %v", got.objects, tc.objects)
			}
			if !reflect.DeepEqual(got.errs, want) {
				t.Errorf("errors:\n got %#v\nwant %#v", got.errs, want)
			}
		})
	}
}

func withFile(path string, errs []source.Error) []source.Error {
	var out []source.Error
	for _, e := range errs {
		e.File = path
		out = append(out, e)
	}
	return out
}

// TestHostileScan runs the whole hostile directory through a scan with
// every built-in check: every bad document is an error at its file and
// line, and every good document after one is still checked.
func TestHostileScan(t *testing.T) {
	dir := filepath.Join("testdata", "hostile")
	res := scan.Run(context.Background(), scan.Config{
		Paths:  []string{dir},
		Engine: check.NewEngine(checks.All(), check.Options{}),
	})
	var wantErrs []report.Error
	var wantFindings []string
	for _, tc := range hostileCases {
		path := filepath.Join(dir, tc.file)
		for _, e := range withFile(path, tc.errs) {
			wantErrs = append(wantErrs, report.Error(e))
		}
		wantFindings = append(wantFindings, fmt.Sprintf("%s:%d", path, tc.finding))
	}
	var gotFindings []string
	for _, f := range res.Findings {
		// other checks come and go; the privileged Pods pin this one
		if f.Check == "privileged-container" {
			gotFindings = append(gotFindings, fmt.Sprintf("%s:%d", f.Location.File, f.Location.Line))
		}
	}
	sortErrs(res.Errors)
	sortErrs(wantErrs)
	sort.Strings(gotFindings)
	sort.Strings(wantFindings)
	if !reflect.DeepEqual(res.Errors, wantErrs) {
		t.Errorf("errors:\n got %#v\nwant %#v", res.Errors, wantErrs)
	}
	if !reflect.DeepEqual(gotFindings, wantFindings) {
		t.Errorf("privileged-container findings:\n got %v\nwant %v", gotFindings, wantFindings)
	}
	if res.Unreadable {
		t.Error("a hostile document made its input unreadable")
	}
}

func sortErrs(errs []report.Error) {
	sort.Slice(errs, func(i, j int) bool {
		a, b := errs[i], errs[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Message < b.Message
	})
}

// goodPod is a privileged Pod that must be read after a hostile document.
func goodPod(name string) string {
	return "---\napiVersion: v1\nkind: Pod\nmetadata: {name: " + name + "}\n" +
		"spec:\n  containers:\n  - name: app\n    image: app\n    securityContext: {privileged: true}\n"
}

func writeFile(t *testing.T, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestHostileGenerated covers inputs too big or too random to commit.
func TestHostileGenerated(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	random := make([]byte, 64<<10)
	for i := range random {
		random[i] = byte(rng.Uint32())
	}
	longValue := strings.Repeat("x", 1<<20)
	tests := []struct {
		name    string
		data    string
		objects []kube.Ref
		errs    []source.Error
	}{
		{"random.yaml", string(random) + "\n" + goodPod("after-random"), []kube.Ref{pod("after-random")},
			[]source.Error{{Line: 1, Message: "invalid YAML: invalid leading UTF-8 octet (byte 0x86 is not UTF-8; save the file as UTF-8)"}}},
		{"deep-flow.yaml", "apiVersion: v1\nkind: Pod\nspec: " + strings.Repeat("[", 100000) + strings.Repeat("]", 100000) + "\n" + goodPod("after-deep"),
			[]kube.Ref{pod("after-deep")},
			[]source.Error{{Line: 3, Message: "invalid YAML: exceeded max depth of 10000"}}},
		{"deep-flow-5000.yaml", "apiVersion: v1\nkind: Pod\nspec: " + strings.Repeat("{a: [", 2500) + strings.Repeat("]}", 2500) + "\n" + goodPod("after-deep"),
			[]kube.Ref{pod("after-deep")},
			[]source.Error{{Line: 3, Message: "nesting deeper than 512 levels"}}},
		{"long-lines.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: long, annotations: {a: " + longValue + "}}\n" +
			"---\napiVersion: v1\nkind: Pod\nmetadata: {name: too-long, annotations: {a: " + strings.Repeat(longValue, 17) + "}}\n" +
			goodPod("after-long"),
			[]kube.Ref{{APIVersion: "v1", Kind: "Pod", Name: "long"}, pod("after-long")},
			[]source.Error{{Line: 4, Message: "document too large: more than 16777216 bytes (raise --max-document-size if this is intended)"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, tt.name, []byte(tt.data))
			start := time.Now()
			got := read(t, path, source.Options{})
			if d := time.Since(start); d > 20*time.Second {
				t.Errorf("reading took %v", d)
			}
			if !reflect.DeepEqual(got.objects, tt.objects) {
				t.Errorf("objects %v, want %v", got.objects, tt.objects)
			}
			if want := withFile(path, tt.errs); !reflect.DeepEqual(got.errs, want) {
				t.Errorf("errors:\n got %#v\nwant %#v", got.errs, want)
			}
		})
	}
}

// TestAliasBombBounded shows the bomb is refused after bounded work: it
// would expand to 10^9 strings, and stops at the alias budget.
func TestAliasBombBounded(t *testing.T) {
	path := filepath.Join("testdata", "hostile", "alias-bomb.yaml")
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	got := read(t, path, source.Options{})
	elapsed := time.Since(start)
	runtime.ReadMemStats(&after)
	if len(got.errs) != 1 || got.errs[0].Line != 10 {
		t.Fatalf("errors %v", got.errs)
	}
	// 1<<20 nodes of a few bytes each: tens of megabytes at most, against
	// gigabytes for the full expansion
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 64<<20 {
		t.Errorf("reading the alias bomb allocated %d MiB", alloc>>20)
	}
	if elapsed > 10*time.Second {
		t.Errorf("reading the alias bomb took %v", elapsed)
	}
}

// peakHeap samples HeapInuse while f runs and returns the highest value
// above the level before f started.
func peakHeap(f func()) uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapInuse
	var peak atomic.Uint64
	sample := func() {
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		if ms.HeapInuse > base && ms.HeapInuse-base > peak.Load() {
			peak.Store(ms.HeapInuse - base)
		}
	}
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				sample()
			}
		}
	}()
	f()
	close(done)
	<-stopped
	sample()
	return peak.Load()
}

// heapLimit is what reading 200 MB may add to the heap: the largest
// document kept (16 MiB) with room for the garbage collector's slack.
const heapLimit = 128 << 20

// TestHugeDocument streams a 200 MB file whose first document is one giant
// Pod: it is reported as too large at its line, the document after it is
// read, and the heap stays far below the file's size.
func TestHugeDocument(t *testing.T) {
	path := filepath.Join(t.TempDir(), "giant.yaml")
	writeLarge(t, path, func(w *bufio.Writer) {
		w.WriteString("# a giant document\napiVersion: v1\nkind: Pod\nmetadata:\n  name: giant\n  annotations:\n")
		line := []byte("    k0000000000: \"" + strings.Repeat("v", 80) + "\"\n")
		for i := 0; i < 200<<20/len(line); i++ {
			copy(line[5:15], fmt.Sprintf("%010d", i))
			w.Write(line)
		}
		w.WriteString(goodPod("after-giant"))
	})
	var got readResult
	peak := peakHeap(func() { got = read(t, path, source.Options{}) })
	want := []source.Error{{File: path, Line: 1,
		Message: "document too large: more than 16777216 bytes (raise --max-document-size if this is intended)"}}
	if !reflect.DeepEqual(got.errs, want) {
		t.Errorf("errors %#v, want %#v", got.errs, want)
	}
	if !reflect.DeepEqual(got.objects, []kube.Ref{pod("after-giant")}) {
		t.Errorf("objects %v", got.objects)
	}
	t.Logf("peak heap growth %d MiB", peak>>20)
	if peak > heapLimit {
		t.Errorf("heap grew by %d MiB reading a 200 MB document", peak>>20)
	}
}

// TestManySmallDocuments streams 200 MB of small documents: custom resources no
// check wants (sniffed and counted, not parsed) with a privileged Pod every
// 100000 documents. Every document is accounted for, the heap stays flat.
func TestManySmallDocuments(t *testing.T) {
	path := filepath.Join(t.TempDir(), "many.yaml")
	docs := 0
	var pods []kube.Ref
	writeLarge(t, path, func(w *bufio.Writer) {
		size := 0
		for size < 200<<20 {
			var doc string
			if docs%100000 == 50000 {
				name := fmt.Sprintf("p%d", docs)
				pods = append(pods, pod(name))
				doc = goodPod(name)
			} else {
				doc = fmt.Sprintf("---\napiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w%d\n  namespace: default\nspec:\n  key: %0120d\n", docs, docs)
			}
			w.WriteString(doc)
			size += len(doc)
			docs++
		}
	})
	engine := check.NewEngine(checks.All(), check.Options{})
	var got readResult
	peak := peakHeap(func() { got = read(t, path, source.Options{Wants: engine.Wants}) })
	if got.errs != nil {
		t.Errorf("errors %v", got.errs)
	}
	if !reflect.DeepEqual(got.objects, pods) {
		t.Errorf("objects %v, want %v", got.objects, pods)
	}
	if got.skipped+len(got.objects) != docs {
		t.Errorf("%d skipped + %d objects, want %d documents", got.skipped, len(got.objects), docs)
	}
	t.Logf("peak heap growth %d MiB", peak>>20)
	if peak > heapLimit {
		t.Errorf("heap grew by %d MiB reading 200 MB of documents", peak>>20)
	}
}

func writeLarge(t *testing.T, path string, fill func(*bufio.Writer)) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	fill(w)
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}
