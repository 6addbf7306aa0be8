package vuln

import (
	"strings"
	"testing"
)

func TestParseVersion(t *testing.T) {
	for _, tc := range []struct {
		in                  string
		major, minor, patch int
		hasPatch            bool
		pre, build          string
		upstream            string
	}{
		{"v1.29.3", 1, 29, 3, true, "", "", "1.29.3"},
		{"1.29.3", 1, 29, 3, true, "", "", "1.29.3"},
		{"1.29", 1, 29, 0, false, "", "", "1.29"},
		{"v1.29", 1, 29, 0, false, "", "", "1.29"},
		{"1.29.3-eks-abcdef", 1, 29, 3, true, "", "eks-abcdef", "1.29.3"},
		{"v1.30.4+k3s1", 1, 30, 4, true, "", "k3s1", "1.30.4"},
		{"v1.28.5-gke.1200", 1, 28, 5, true, "", "gke.1200", "1.28.5"},
		{"v1.31.2+rke2r1", 1, 31, 2, true, "", "rke2r1", "1.31.2"},
		{"v1.27.6+f67aeb3", 1, 27, 6, true, "", "f67aeb3", "1.27.6"},
		{"v1.31.0-rc.1", 1, 31, 0, true, "rc.1", "", "1.31.0-rc.1"},
		{"v1.32.0-alpha.3.120+0123abcd", 1, 32, 0, true, "alpha.3.120", "0123abcd", "1.32.0-alpha.3.120"},
		{"v1.30.0-beta.0", 1, 30, 0, true, "beta.0", "", "1.30.0-beta.0"},
		{"1.26.0-alpha.1", 1, 26, 0, true, "alpha.1", "", "1.26.0-alpha.1"},
		{"v1.29.10-eks-rc1", 1, 29, 10, true, "", "eks-rc1", "1.29.10"},
		{"1.33.1 ", 1, 33, 1, true, "", "", "1.33.1"}, // surrounding space is dropped
	} {
		v, err := ParseKubernetesVersion(tc.in)
		if err != nil {
			t.Errorf("%s: %v", tc.in, err)
			continue
		}
		if v.Major != tc.major || v.Minor != tc.minor || v.Patch != tc.patch || v.HasPatch != tc.hasPatch || v.Pre != tc.pre || v.Build != tc.build || v.Raw != strings.TrimSpace(tc.in) {
			t.Errorf("%s: got %+v", tc.in, v)
		}
		if got := v.Upstream(); got != tc.upstream {
			t.Errorf("%s: Upstream() = %q, want %q", tc.in, got, tc.upstream)
		}
	}
}

func TestParseVersionErrors(t *testing.T) {
	for in, want := range map[string]string{
		"":                          `Kubernetes version "" is not a version like 1.29.3 (expected a number at the start)`,
		"latest":                    `Kubernetes version "latest" is not a version like 1.29.3 (expected a number at the start)`,
		"1":                         `Kubernetes version "1" is not a version like 1.29.3 (needs at least major.minor)`,
		"1.":                        `Kubernetes version "1." is not a version like 1.29.3 (expected a number after "1.")`,
		"1.29.":                     `Kubernetes version "1.29." is not a version like 1.29.3 (expected a number after "1.29.")`,
		"1.29.3.4":                  `Kubernetes version "1.29.3.4" is not a version like 1.29.3 (unexpected ".4")`,
		"1.29.3-":                   `Kubernetes version "1.29.3-" is not a version like 1.29.3 (suffix "-" is not letters, digits, '.', '-', '+' or '_')`,
		"1.29.3-eks/x":              `Kubernetes version "1.29.3-eks/x" is not a version like 1.29.3 (suffix "-eks/x" is not letters, digits, '.', '-', '+' or '_')`,
		"v1.99999999999999999999.0": `Kubernetes version "v1.99999999999999999999.0" is not a version like 1.29.3 (number too large)`,
		"v0.0.0-master+$Format:%H$": `Kubernetes version "v0.0.0-master+$Format:%H$" is not a version like 1.29.3 (suffix "-master+$Format:%H$" is not letters, digits, '.', '-', '+' or '_')`,
		"v0.0.0-master":             `Kubernetes version "v0.0.0-master" is not a 1.x release`,
		"2.0.0":                     `Kubernetes version "2.0.0" is not a 1.x release`,
		"1.x.3":                     `Kubernetes version "1.x.3" is not a version like 1.29.3 (expected a number after "1.")`,
	} {
		_, err := ParseKubernetesVersion(in)
		if err == nil || err.Error() != want {
			t.Errorf("%q: got error %v\nwant %s", in, err, want)
		}
	}
}

func TestCompare(t *testing.T) {
	// Each version is below the next.
	order := []string{"1.9.9", "1.10.0-alpha.0", "1.10.0-alpha.1", "1.10.0-alpha.1.5", "1.10.0-beta.0", "1.10.0-rc.1", "1.10.0-rc.2", "1.10.0", "1.10.1", "1.10.10", "1.11.0"}
	vs := make([]Version, len(order))
	for i, s := range order {
		var err error
		if vs[i], err = ParseVersion(s); err != nil {
			t.Fatal(err)
		}
	}
	for i := range vs {
		for j := range vs {
			want := 0
			switch {
			case i < j:
				want = -1
			case i > j:
				want = 1
			}
			if got := vs[i].Compare(vs[j]); got != want {
				t.Errorf("Compare(%s, %s) = %d, want %d", order[i], order[j], got, want)
			}
		}
	}
	// Vendor suffixes do not take part.
	a, _ := ParseVersion("v1.29.3-eks-abcdef")
	b, _ := ParseVersion("1.29.3+k3s1")
	if a.Compare(b) != 0 || !strings.Contains(a.Raw, "eks") {
		t.Errorf("vendor builds of 1.29.3 compare %d", a.Compare(b))
	}
}
