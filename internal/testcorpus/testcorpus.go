// Package testcorpus finds the real-world manifest corpus that tests and
// benchmarks read: ../shared/corpus/real beside the repository.
package testcorpus

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// RealPath is where the real corpus should be, found from this source
// file so it does not depend on the test's working directory.
func RealPath() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "..", "shared", "corpus", "real")
}

// Real returns the real corpus, failing the test when it is missing.
func Real(tb testing.TB) string {
	dir := RealPath()
	if _, err := os.Stat(dir); err != nil {
		tb.Fatalf("the manifest corpus is needed at %s: %v", dir, err)
	}
	return dir
}

// Dir returns the corpus a benchmark reads: KUBEWARD_BENCH_CORPUS when set
// (a scaled copy, say), else the real corpus.
func Dir(tb testing.TB) string {
	dir := os.Getenv("KUBEWARD_BENCH_CORPUS")
	if dir == "" {
		return Real(tb)
	}
	if _, err := os.Stat(dir); err != nil {
		tb.Fatalf("corpus %s: %v (KUBEWARD_BENCH_CORPUS)", dir, err)
	}
	return dir
}
