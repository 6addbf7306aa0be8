package vuln

import (
	"slices"
	"testing"
)

func embeddedDB(t *testing.T) *DB {
	t.Helper()
	db, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	return db
}

func record(t *testing.T, db *DB, id string) *Record {
	t.Helper()
	for i := range db.Records {
		if db.Records[i].ID == id {
			return &db.Records[i]
		}
	}
	t.Fatalf("%s not in the data", id)
	return nil
}

// TestAffects judges versions against ranges of the embedded data.
func TestAffects(t *testing.T) {
	db := embeddedDB(t)
	for _, tc := range []struct {
		cve, version string
		affected     bool
		fixed        string // FixedFor, when affected
		inLine       bool
	}{
		// CVE-2018-1002105: 0-1.10.11, 1.11.0-1.11.5, 1.12.0-1.12.3.
		{"CVE-2018-1002105", "v1.11.2", true, "1.11.5", true},
		{"CVE-2018-1002105", "v1.11.4", true, "1.11.5", true},
		{"CVE-2018-1002105", "v1.11.5", false, "", false},
		{"CVE-2018-1002105", "v1.10.10", true, "1.10.11", true},
		{"CVE-2018-1002105", "v1.10.11", false, "", false},
		{"CVE-2018-1002105", "1.12.0", true, "1.12.3", true},
		{"CVE-2018-1002105", "1.12.3", false, "", false},
		{"CVE-2018-1002105", "1.13.0", false, "", false},
		{"CVE-2018-1002105", "1.9.3", true, "1.10.11", false}, // no 1.9 fix: the next line's
		{"CVE-2018-1002105", "1.11.4-gke.12", true, "1.11.5", true},
		{"CVE-2018-1002105", "v1.11.5-eks-49a6c0", false, "", false},
		{"CVE-2018-1002105", "v1.12.2+k3s1", true, "1.12.3", true},
		{"CVE-2018-1002105", "v1.12.3+rke2r1", false, "", false},
		{"CVE-2018-1002105", "1.11", false, "", false}, // a line alone: its newest patch is fixed
		{"CVE-2018-1002105", "1.9", true, "1.10.11", false},
		{"CVE-2018-1002105", "1.12.0-rc.1", true, "1.12.3", true},
		// CVE-2019-11245: introduced in 1.13.6 and 1.14.2.
		{"CVE-2019-11245", "1.13.5", false, "", false},
		{"CVE-2019-11245", "1.13.6", true, "1.13.7", true},
		{"CVE-2019-11245", "1.13.7", false, "", false},
		{"CVE-2019-11245", "1.14.1", false, "", false},
		{"CVE-2019-11245", "1.14.2", true, "1.14.3", true},
		// CVE-2024-10220: 0-1.28.12, 1.29.0-1.29.7, 1.30.0-1.30.3.
		{"CVE-2024-10220", "v1.30.0-rc.1", true, "1.30.3", true}, // a pre-release carries its release's code
		{"CVE-2024-10220", "v1.30.2", true, "1.30.3", true},
		{"CVE-2024-10220", "v1.30.3", false, "", false},
		{"CVE-2024-10220", "v1.31.0", false, "", false},
		// Unfixed: every version.
		{"CVE-2020-8554", "v1.37.2", true, "", false},
		{"CVE-2020-8554", "1.2.0", true, "", false},
		// CVE-2024-7598 is introduced in 1.3.0 and unfixed.
		{"CVE-2024-7598", "1.2.9", false, "", false},
		{"CVE-2024-7598", "1.3.0", true, "", false},
		// No impact: never.
		{"CVE-2021-3121", "1.20.0", false, "", false},
	} {
		v, err := ParseKubernetesVersion(tc.version)
		if err != nil {
			t.Fatal(err)
		}
		r := record(t, db, tc.cve)
		if got := r.Affects(v); got != tc.affected {
			t.Errorf("%s at %s: affected = %v, want %v", tc.cve, tc.version, got, tc.affected)
			continue
		}
		if !tc.affected {
			continue
		}
		fixed, inLine := r.FixedFor(v)
		if fixed != tc.fixed || inLine != tc.inLine {
			t.Errorf("%s at %s: fixed %q (in line %v), want %q (%v)", tc.cve, tc.version, fixed, inLine, tc.fixed, tc.inLine)
		}
	}
}

// TestLookup lists every CVE of the embedded data affecting a version;
// the lists were worked out from the data's ranges independently.
func TestLookup(t *testing.T) {
	db := embeddedDB(t)
	unfixed := []string{"CVE-2020-8554", "CVE-2020-8561", "CVE-2020-8562", "CVE-2021-25740", "CVE-2024-7598", "CVE-2025-1767"}
	for _, tc := range []struct {
		version    string
		components []string
		want       []string
	}{
		{"v1.33.3", nil, append([]string{"CVE-2025-13281", "CVE-2025-5187"}, unfixed...)},
		{"v1.30.2", nil, append([]string{"CVE-2024-10220", "CVE-2024-5321", "CVE-2024-9042", "CVE-2025-0426", "CVE-2025-13281", "CVE-2025-5187"}, unfixed...)},
		{"v1.30.2", []string{"kubelet"}, []string{"CVE-2024-10220", "CVE-2024-5321", "CVE-2024-9042", "CVE-2025-0426", "CVE-2025-1767"}},
		{"v1.30.2", []string{"kube-proxy"}, []string{"CVE-2020-8554"}},
		{"1.24.0", nil, append([]string{"CVE-2021-25743", "CVE-2021-25749", "CVE-2022-3162", "CVE-2022-3172", "CVE-2022-3294",
			"CVE-2023-2431", "CVE-2023-2727", "CVE-2023-2728", "CVE-2023-3676", "CVE-2023-3955", "CVE-2023-5528", "CVE-2024-0793",
			"CVE-2024-10220", "CVE-2024-3177", "CVE-2024-5321", "CVE-2024-9042", "CVE-2025-0426", "CVE-2025-13281", "CVE-2025-5187"}, unfixed...)},
		// kubectl and client-go CVEs are not the cluster's.
		{"1.24.0", Expand("cluster"), append([]string{"CVE-2021-25749", "CVE-2022-3162", "CVE-2022-3172", "CVE-2022-3294",
			"CVE-2023-2431", "CVE-2023-2727", "CVE-2023-2728", "CVE-2023-3676", "CVE-2023-3955", "CVE-2023-5528", "CVE-2024-0793",
			"CVE-2024-10220", "CVE-2024-3177", "CVE-2024-5321", "CVE-2024-9042", "CVE-2025-0426", "CVE-2025-13281", "CVE-2025-5187"}, unfixed...)},
		// ingress-nginx 1.11.x is not Kubernetes 1.11.x: CVE-2025-1974
		// (ingress-nginx < 1.11.5) must not show up here.
		{"1.11.4", []string{"kube-proxy", "kube-dns"}, []string{"CVE-2019-16276", "CVE-2019-9512", "CVE-2019-9514", "CVE-2020-8554",
			"CVE-2020-8558", "CVE-2021-25736"}},
	} {
		v, err := ParseKubernetesVersion(tc.version)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, m := range db.Lookup(v, tc.components) {
			got = append(got, m.Record.ID)
		}
		slices.Sort(got)
		want := slices.Clone(tc.want)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%s %v:\n got %v\nwant %v", tc.version, tc.components, got, want)
		}
	}
	if r := record(t, db, "CVE-2025-1974"); r.VersionScheme != "ingress-nginx" {
		t.Fatalf("CVE-2025-1974 is %s, the test above relies on ingress-nginx", r.VersionScheme)
	}
}

// TestLookupOrder: most severe first, then by score, then by ID.
func TestLookupOrder(t *testing.T) {
	db := embeddedDB(t)
	v, _ := ParseKubernetesVersion("1.29.0")
	var got []string
	for _, m := range db.Lookup(v, []string{"kubelet"}) {
		got = append(got, m.Record.ID+" "+*m.Record.Severity)
	}
	want := []string{"CVE-2024-10220 high", "CVE-2025-1767 medium", "CVE-2025-0426 medium", "CVE-2024-5321 medium", "CVE-2024-9042 medium"}
	if !slices.Equal(got, want) {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}
