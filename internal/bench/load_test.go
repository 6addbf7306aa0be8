package bench

import "testing"

func TestEmbeddedBenchmarksLoad(t *testing.T) {
	for _, n := range Names() {
		b, err := Load(n)
		if err != nil {
			t.Fatalf("%s: %v", n, err)
		}
		if len(b.Checks()) != 131 {
			t.Errorf("%s has %d checks, want the 131 of CIS 1.12", n, len(b.Checks()))
		}
	}
}
