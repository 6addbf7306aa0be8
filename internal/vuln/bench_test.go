package vuln

import (
	"testing"
	"time"
)

// BenchmarkParseEmbedded is the cost of loading the built-in data, paid
// once per process.
func BenchmarkParseEmbedded(b *testing.B) {
	for b.Loop() {
		if _, err := Parse("embedded", embeddedCVEs); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAssess1000Nodes judges a cluster of 1,000 nodes on four
// kubelet versions, the server and the support window.
func BenchmarkAssess1000Nodes(b *testing.B) {
	db, err := Embedded()
	if err != nil {
		b.Fatal(err)
	}
	versions := []string{"v1.29.3-eks-abcdef", "v1.30.2", "v1.33.3", "v1.37.2"}
	comps := []Component{{Name: "control-plane", Version: "v1.33.3", Where: Where{Object: ClusterRef}}}
	for i := range 1000 {
		w := Where{Object: ClusterRef, Field: "status.nodeInfo.kubeletVersion"}
		w.Object.Kind, w.Object.Name = "Node", "node-"+string(rune('a'+i%26))+string(rune('a'+i/26%26))+string(rune('a'+i/676))
		comps = append(comps, Component{Name: "kubelet", Version: versions[i%len(versions)], Where: w})
	}
	now := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	for b.Loop() {
		Assess(comps, now, db)
	}
}
