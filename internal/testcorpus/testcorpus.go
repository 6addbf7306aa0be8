// Package testcorpus finds the real-world manifest corpus that tests and
// benchmarks read: ../shared/corpus/real beside the repository, or the
// directory named by KUBEWARD_BENCH_CORPUS.
package testcorpus

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// Dir returns the corpus directory, failing the test when it is missing.
func Dir(tb testing.TB) string {
	dir := os.Getenv("KUBEWARD_BENCH_CORPUS")
	if dir == "" {
		_, file, _, _ := runtime.Caller(0)
		dir = filepath.Join(filepath.Dir(file), "..", "..", "..", "shared", "corpus", "real")
	}
	if _, err := os.Stat(dir); err != nil {
		tb.Fatalf("corpus %s: %v (set KUBEWARD_BENCH_CORPUS)", dir, err)
	}
	return dir
}
