package vuln

import (
	"testing"
	"time"
)

// FuzzParseVersion: any text gives a version or an error, never a panic,
// and a version's upstream form reads back as the same version.
func FuzzParseVersion(f *testing.F) {
	for _, s := range []string{"v1.29.3", "1.29.3-eks-abcdef", "v1.30.4+k3s1", "v1.28.5-gke.1200", "1.29", "v1.31.0-rc.1", "v0.0.0-master+$Format:%H$", "1..2", "v", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseVersion(s)
		if err != nil {
			return
		}
		w, err := ParseVersion(v.Upstream())
		if err != nil || w.Compare(v) != 0 || w.HasPatch != v.HasPatch {
			t.Fatalf("%q: upstream %q reads back as %+v, %v", s, v.Upstream(), w, err)
		}
	})
}

// FuzzParse: any bytes give data or an error; data that loads can be
// assessed.
func FuzzParse(f *testing.F) {
	f.Add(embeddedCVEs)
	f.Add([]byte(testData))
	f.Add([]byte(`[{"id": "C", "version_scheme": "kubernetes", "component": "kubelet", "status": "unfixed", "affected": [{"introduced": "1.2.3"}]}]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		db, err := Parse("fuzz", data)
		if err != nil {
			return
		}
		Assess([]Component{{Name: All, Version: "1.29.3", Where: Where{Object: ClusterRef}}}, time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC), db)
	})
}
