package scan_test

import (
	"context"
	"testing"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/checks"
	"github.com/kubeward/kubeward/internal/scan"
	"github.com/kubeward/kubeward/internal/testcorpus"
)

func BenchmarkScan(b *testing.B) {
	dir := testcorpus.Dir(b)
	engine := check.NewEngine(checks.All(), check.Options{})
	var objects int
	for b.Loop() {
		res := scan.Run(context.Background(), scan.Config{Paths: []string{dir}, Engine: engine})
		objects = res.Objects
	}
	b.ReportMetric(float64(objects)*float64(b.N)/b.Elapsed().Seconds(), "objects/s")
}
