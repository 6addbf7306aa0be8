package scan_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/checks"
	"github.com/kubeward/kubeward/internal/scan"
)

// benchCorpus is the directory the scan benchmark reads: the real-world
// corpus beside the repository, or KUBEWARD_BENCH_CORPUS.
func benchCorpus(b *testing.B) string {
	dir := os.Getenv("KUBEWARD_BENCH_CORPUS")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared", "corpus", "real")
	}
	if _, err := os.Stat(dir); err != nil {
		b.Fatalf("benchmark corpus %s: %v (set KUBEWARD_BENCH_CORPUS)", dir, err)
	}
	return dir
}

func BenchmarkScan(b *testing.B) {
	dir := benchCorpus(b)
	engine := check.NewEngine(checks.All(), check.Options{})
	var objects int
	for b.Loop() {
		res := scan.Run(context.Background(), scan.Config{Paths: []string{dir}, Engine: engine})
		objects = res.Objects
	}
	b.ReportMetric(float64(objects)*float64(b.N)/b.Elapsed().Seconds(), "objects/s")
}
