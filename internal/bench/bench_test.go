package bench

import (
	"testing"

	"github.com/kubeward/kubeward/internal/node"
)

// BenchmarkNodeRun measures a whole node run as `kubeward bench` does it:
// detection, benchmark selection and loading, discovery from /proc and
// every check, on the hardened control-plane fixture (every component
// present, so every check reads something).
func BenchmarkNodeRun(b *testing.B) {
	fx := loadFixture(b, "testdata/nodes/kubeadm-hardened.txtar")
	b.ReportAllocs()
	for b.Loop() {
		snap := node.New(fx.fsys, "/")
		det := Detect(snap)
		sel, err := Select(det.Distribution, MinorOf(det.Version))
		if err != nil {
			b.Fatal(err)
		}
		bm, err := Load(sel.Name)
		if err != nil {
			b.Fatal(err)
		}
		rs, _, err := Run(bm, Discover(bm, snap), Options{})
		if err != nil || len(rs) != 131 {
			b.Fatalf("%d results, %v", len(rs), err)
		}
	}
}

// BenchmarkLoadAll measures what a cold `kubeward bench` pays once:
// parsing and validating every embedded benchmark.
func BenchmarkLoadAll(b *testing.B) {
	for b.Loop() {
		for _, n := range Names() {
			if _, err := LoadFS(embedded, Dir, n); err != nil {
				b.Fatal(err)
			}
		}
	}
}
