package yamlfast

import (
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/kubeward/kubeward/internal/testcorpus"
)

// deploymentSample concatenates the corpus's Deployment documents, each
// kept whole, as the realistic input for the benchmarks.
func deploymentSample(b *testing.B) [][]byte {
	var docs [][]byte
	for _, d := range corpusDocs(b, testcorpus.Real(b)) {
		if docKind(d.data) == "Deployment" {
			docs = append(docs, d.data)
		}
	}
	if len(docs) == 0 {
		b.Fatalf("no Deployment documents under %s", testcorpus.RealPath())
	}
	return docs
}

func totalSize(docs [][]byte) int64 {
	var n int
	for _, d := range docs {
		n += len(d)
	}
	return int64(n)
}

// BenchmarkParse parses every Deployment document with the fast path,
// falling back to yaml.v3 where it declines, as kubeward does.
func BenchmarkParse(b *testing.B) {
	docs := deploymentSample(b)
	b.SetBytes(totalSize(docs))
	b.ReportAllocs()
	for b.Loop() {
		for _, d := range docs {
			if _, err := Parse(d); err != nil {
				var n yaml.Node
				if err := yaml.Unmarshal(d, &n); err != nil {
					b.Fatal(err)
				}
			}
		}
	}
}

// BenchmarkYAMLv3 parses the same documents with yaml.v3 alone.
func BenchmarkYAMLv3(b *testing.B) {
	docs := deploymentSample(b)
	b.SetBytes(totalSize(docs))
	b.ReportAllocs()
	for b.Loop() {
		for _, d := range docs {
			var n yaml.Node
			if err := yaml.Unmarshal(d, &n); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// TestDeploymentSampleFast guards the benchmark's meaning: the sample must
// be large and nearly all of it must take the fast path.
func TestDeploymentSampleFast(t *testing.T) {
	var all, fast int
	for _, d := range corpusDocs(t, testcorpus.Real(t)) {
		if docKind(d.data) != "Deployment" {
			continue
		}
		all++
		if _, err := Parse(d.data); err == nil {
			fast++
		}
	}
	if all < 50 || fast*100 < all*95 {
		t.Errorf("%d of %d Deployment documents took the fast path, want at least 50 documents and 95%%", fast, all)
	}
}
