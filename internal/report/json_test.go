package report

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
)

// TestStreamingJSONMatchesEncoder pins the streaming writer to what
// encoding the whole report at once gives, with and without suppressed
// findings and errors.
func TestStreamingJSONMatchesEncoder(t *testing.T) {
	full := GoldenReport()
	bare := GoldenReport()
	bare.Suppressed, bare.Errors, bare.Findings = nil, []Error{}, bare.Findings[:0]
	for name, r := range map[string]*Report{"full": full, "bare": bare, "compliance": ComplianceReport()} {
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetIndent("", "  ")
		if err := enc.Encode(r); err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		if err := WriteJSON(&got, r, WriteOptions{}); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Errorf("%s: streaming output differs from encoding/json:\n%s\nwant:\n%s", name, got.String(), want.String())
		}
	}
}

// TestAppendFindingMatchesMarshal covers the hand-written finding encoder
// on the odd values the golden report lacks.
func TestAppendFindingMatchesMarshal(t *testing.T) {
	odd := []string{"", "plain", `quote " and \ backslash`, "<script>&amp;", "é ünïcode", "line\nbreak\ttab",
		"\u2028\u2029", "bad \xff byte", "\x00\x1f"}
	for _, s := range odd {
		f := check.Finding{
			Check: s, Severity: check.High, Status: check.StatusWarn, Title: s, Message: s,
			Object:   kube.Ref{APIVersion: s, Kind: s, Namespace: s, Name: s},
			Location: kube.Location{File: s, Line: len(s)},
			Path:     s, Container: s, Remediation: s, Suppressed: s,
			Frameworks: &check.Frameworks{CIS: []string{s, "5.1"}, PSS: s, MITRE: []string{s}},
		}
		for _, fin := range []check.Finding{f, {}} {
			want, err := json.MarshalIndent(&fin, "    ", "  ")
			if err != nil {
				t.Fatal(err)
			}
			if got := appendFinding(nil, &fin, "    "); string(got) != string(want) {
				t.Errorf("value %q:\ngot  %s\nwant %s", s, got, want)
			}
		}
	}
}
