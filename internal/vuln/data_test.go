package vuln

import (
	"os"
	"path/filepath"
	"testing"
)

func TestEmbedded(t *testing.T) {
	db := embeddedDB(t)
	if len(db.Records) != 103 || db.Source != "embedded" {
		t.Errorf("%d records from %s, want 103 from embedded", len(db.Records), db.Source)
	}
	if got := db.Newest(); got != "2026-03-19" {
		t.Errorf("newest record %s, want 2026-03-19", got)
	}
	want := []string{"client-go", "kube-apiserver", "kube-controller-manager", "kube-dns", "kube-proxy", "kube-scheduler", "kubectl", "kubelet"}
	if got := db.Components(); !equal(got, want) {
		t.Errorf("components %v, want %v", got, want)
	}
	for _, r := range db.Records {
		if r.VersionScheme == SchemeKubernetes && r.Status == StatusFixed && len(r.Affected) > 0 {
			for _, a := range r.Affected {
				if a.fixed != nil && a.fixed.Major != 1 {
					t.Errorf("%s: Kubernetes fix %s is not a 1.x release", r.ID, a.Fixed)
				}
			}
		}
	}
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

const oneRecord = `[
 {"id": "CVE-2099-0001", "published": "2099-01-02", "summary": "A test flaw.",
  "component": "kubelet", "components": ["kubelet"], "scope": "core", "version_scheme": "kubernetes",
  "severity": "high", "cvss_v3_score": 7.1, "status": "fixed",
  "affected": [{"introduced": "0", "fixed": "1.36.3"}, {"introduced": "1.37.0", "fixed": "1.37.5"}],
  "fixed_versions": ["1.36.3", "1.37.5"], "url": "https://example.test/CVE-2099-0001", "sources": ["test"],
  "future_field": {"ignored": true}}
]`

func TestLoadFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cves.json")
	if err := os.WriteFile(path, []byte(oneRecord), 0o644); err != nil {
		t.Fatal(err)
	}
	db, err := LoadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if db.Source != path || len(db.Records) != 1 || db.Newest() != "2099-01-02" {
		t.Fatalf("loaded %+v", db)
	}
	v, _ := ParseKubernetesVersion("v1.37.2")
	ms := db.Lookup(v, nil)
	if len(ms) != 1 || ms[0].Record.ID != "CVE-2099-0001" || ms[0].Fixed != "1.37.5" || !ms[0].FixedInLine {
		t.Errorf("lookup: %+v", ms)
	}
	if _, err := LoadFile(filepath.Join(t.TempDir(), "missing.json")); err == nil {
		t.Error("a missing file loaded")
	}
}

func TestParseErrors(t *testing.T) {
	for name, tc := range map[string]struct{ data, want string }{
		"syntax": {"[\n {\"id\": \"CVE-1\",\n  \"status\": \"fixed\"\n  \"x\": 1}\n]",
			`f.json:4:3: invalid character '"' after object key:value pair`},
		"type": {"[\n {\"id\": 5}\n]",
			`f.json:2:9: json: cannot unmarshal number into Go struct field Record.id of type string`},
		"truncated": {"[\n {\"id\": \"CVE-1\"",
			`f.json:2:15: unexpected end of JSON input`},
		"not an array": {`{"id": "CVE-1"}`,
			`f.json:1:1: json: cannot unmarshal object into Go value of type []vuln.Record`},
		"empty": {`[]`, `f.json: no CVE records (want a JSON array of records)`},
		"bad status": {`[{"id": "CVE-1", "version_scheme": "kubernetes", "component": "kubelet", "status": "patched"}]`,
			`f.json: record 1 (CVE-1): status "patched" is not one of [fixed unfixed mitigation-only no-impact]`},
		"bad severity": {`[{"id": "CVE-1", "version_scheme": "kubernetes", "component": "kubelet", "status": "fixed", "severity": "severe"}]`,
			`f.json: record 1 (CVE-1): severity "severe" is not one of [low medium high critical] or null`},
		"bad version": {`[{"id": "CVE-1", "version_scheme": "kubernetes", "component": "kubelet", "status": "fixed", "affected": [{"introduced": "0", "fixed": "1.x"}]}]`,
			`f.json: record 1 (CVE-1): affected[0].fixed: "1.x" is not a version like 1.29.3 (expected a number after "1.")`},
		"inverted range": {`[{"id": "CVE-1", "version_scheme": "kubernetes", "component": "kubelet", "status": "fixed", "affected": [{"introduced": "1.30.2", "fixed": "1.30.1"}]}]`,
			`f.json: record 1 (CVE-1): affected[0]: introduced 1.30.2 is not before fixed 1.30.1`},
		"no id and duplicate": {`[{"version_scheme": "kubernetes"}, {"id": "CVE-2", "version_scheme": "k", "component": "c", "status": "unfixed"}, {"id": "CVE-2", "version_scheme": "k", "component": "c", "status": "unfixed"}]`,
			"f.json: record 1 (no id): no id\nf.json: record 3: duplicate id CVE-2"},
	} {
		_, err := Parse("f.json", []byte(tc.data))
		if err == nil || err.Error() != tc.want {
			t.Errorf("%s: got %v\nwant %s", name, err, tc.want)
		}
	}
}
