package source_test

import (
	"os"
	"testing"

	"github.com/kubeward/kubeward/internal/kube"
	"github.com/kubeward/kubeward/internal/source"
	"github.com/kubeward/kubeward/internal/testcorpus"
)

// BenchmarkSplit measures reading and splitting the corpus, with the sniff
// skipping every document that is not a workload, as a scan does.
func BenchmarkSplit(b *testing.B) {
	inputs, errs := source.Discover([]string{testcorpus.Dir(b)})
	if len(errs) > 0 {
		b.Fatal(errs)
	}
	var bytes int64
	for _, in := range inputs {
		if info, err := os.Stat(in.Path); err == nil {
			bytes += info.Size()
		}
	}
	b.SetBytes(bytes)
	for b.Loop() {
		for _, in := range inputs {
			in.Read(source.Options{Wants: workloadsOnly}, func(*source.Document) {})
		}
	}
}

// BenchmarkLoad measures reading, splitting and parsing into objects every
// document a scan would parse.
func BenchmarkLoad(b *testing.B) {
	inputs, _ := source.Discover([]string{testcorpus.Dir(b)})
	objects := 0
	for b.Loop() {
		objects = 0
		for _, in := range inputs {
			in.Read(source.Options{Wants: workloadsOnly}, func(d *source.Document) {
				if d.Skipped {
					objects++
					return
				}
				objs, _ := source.Parse(d, 4*source.DefaultMaxDocumentSize)
				objects += len(objs)
			})
		}
	}
	b.ReportMetric(float64(objects)*float64(b.N)/b.Elapsed().Seconds(), "objects/s")
}

func workloadsOnly(_, kind string) bool { return kube.IsWorkloadKind(kind) }
