package yamlfast

import (
	"bytes"
	"testing"
	"unsafe"

	"github.com/kubeward/kubeward/internal/testcorpus"
)

// TestArenaTreesMatchParse parses every corpus document into one arena,
// reset between documents as a scan does, and holds each tree to the one
// Parse builds on its own memory: reused slabs come back cleared, and a
// large document followed by small ones leaves nothing behind.
func TestArenaTreesMatchParse(t *testing.T) {
	docs := corpusDocs(t, testcorpus.Real(t))
	var a Arena
	parsed := 0
	for _, d := range docs {
		want, err := Parse(d.data)
		if err != nil {
			continue
		}
		got, err := ParseIn(d.data, &a)
		if err != nil {
			t.Fatalf("%s: Parse took it, ParseIn did not: %v", d.name, err)
		}
		if diff := diffTrees(got, want); diff != "" {
			t.Fatalf("%s: the arena's tree differs: %s", d.name, diff)
		}
		a.Reset()
		parsed++
	}
	if parsed < len(docs)/2 {
		t.Fatalf("only %d of %d documents parsed", parsed, len(docs))
	}
	if len(a.nodes) > arenaKeep || len(a.ptrs) > arenaKeep {
		t.Errorf("the arena keeps %d node and %d pointer slabs, more than %d", len(a.nodes), len(a.ptrs), arenaKeep)
	}
}

// TestArenaResetClearsWhatWasWritten parses runs of one to four corpus
// documents between resets, as a file of several objects does, and holds
// every slab to zero after each Reset: the tails Reset skips must be the
// ones no parse wrote.
func TestArenaResetClearsWhatWasWritten(t *testing.T) {
	docs := corpusDocs(t, testcorpus.Real(t))
	var a Arena
	for i := 0; i < len(docs); {
		for run := 1 + i%4; run > 0 && i < len(docs); run-- {
			ParseIn(docs[i].data, &a)
			i++
		}
		a.Reset()
		for s, slab := range a.nodes {
			if !allZero(slab) {
				t.Fatalf("after document %d: slab %d of nodes not cleared", i, s)
			}
		}
		for s, slab := range a.ptrs {
			if !allZero(slab) {
				t.Fatalf("after document %d: slab %d of pointers not cleared", i, s)
			}
		}
	}
}

// allZero reports whether every byte of s is zero, compared in one call
// so that the race detector's instrumentation does not slow it.
func allZero[T any](s []T) bool {
	b := unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(s))), len(s)*int(unsafe.Sizeof(*new(T))))
	if len(zeros) < len(b) {
		zeros = make([]byte, len(b))
	}
	return bytes.Equal(b, zeros[:len(b)])
}

var zeros []byte

// TestArenaSavesAllocation: once warm, an arena parse allocates no nodes,
// and it does not copy its input.
func TestArenaSavesAllocation(t *testing.T) {
	data := []byte(`apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web, tier: "front"}
spec:
  replicas: 3
  template:
    spec:
      containers:
        - name: web
          image: nginx:1.27
          ports:
            - containerPort: 80
          args: ["--port", "80"]
`)
	if _, err := Parse(data); err != nil {
		t.Fatalf("the fast path declined the manifest: %v", err)
	}
	var a Arena
	alone := testing.AllocsPerRun(50, func() { Parse(data) })
	inArena := testing.AllocsPerRun(50, func() { ParseIn(data, &a); a.Reset() })
	if inArena >= alone || inArena > 2 {
		t.Errorf("allocations per parse: %.0f in an arena, %.0f alone", inArena, alone)
	}
}
