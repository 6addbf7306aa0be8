package main_test

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// auditEvent is one audit log line: user gets code for verb on secrets.
func auditEvent(id, user, verb string, code int, at time.Time) string {
	ts := at.UTC().Format("2006-01-02T15:04:05.000000Z")
	return fmt.Sprintf(`{"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"Metadata","auditID":%q,"stage":"ResponseComplete","requestURI":"/api/v1/namespaces/prod/secrets","verb":%q,"user":{"username":%q,"groups":["system:authenticated"]},"sourceIPs":["192.0.2.7"],"objectRef":{"resource":"secrets","namespace":"prod","apiVersion":"v1"},"responseStatus":{"code":%d},"requestReceivedTimestamp":%q,"stageTimestamp":%q}`,
		id, verb, user, code, ts, ts)
}

type auditReport struct {
	Metadata struct{ Mode string }
	Summary  struct{ Objects, Findings, Errors int }
	Findings []struct {
		Check, Severity, Message string
		Location                 struct {
			File string
			Line int
		}
		Frameworks struct{ MITRE []string }
		Evidence   []struct{ Source, Setting, Value, File, Detail string }
	}
	Errors []struct {
		File    string
		Line    int
		Message string
	}
}

func TestAuditLogReport(t *testing.T) {
	dir := t.TempDir()
	t0 := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	var lines []string
	for i := range 12 {
		lines = append(lines, auditEvent(fmt.Sprintf("id-%02d", i), "mallory", "list", 403, t0.Add(time.Duration(i)*time.Second)))
	}
	log := filepath.Join(dir, "audit.log")
	writeFile(t, log, strings.Join(lines, "\n")+"\n")

	r := run(t, "", kubeward, "audit", "-o", "json", log)
	wantCode(t, r, 1)
	matchesSchema(t, r.stdout)
	var rep auditReport
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("not a JSON report: %v\n%s", err, r.stdout)
	}
	if rep.Metadata.Mode != "audit" || rep.Summary.Objects != 12 || rep.Summary.Findings != 1 || len(rep.Findings) != 1 {
		t.Fatalf("report %+v", rep)
	}
	f := rep.Findings[0]
	want := `user "mallory" got 10 Forbidden (403) answers within 5m0s from 192.0.2.7; the last: list secrets in namespace "prod"`
	if f.Check != "audit-repeated-forbidden" || f.Severity != "high" || f.Message != want || f.Location.File != log || f.Location.Line != 10 ||
		len(f.Frameworks.MITRE) != 2 || len(f.Evidence) != 10 {
		t.Fatalf("finding %+v", f)
	}
	ev := f.Evidence[0]
	if ev.Source != "audit" || ev.Setting != "id-00" || ev.Value != "2026-05-01T12:00:00Z" || ev.File != log+":1" ||
		ev.Detail != "user=mallory sourceIPs=192.0.2.7 verb=list uri=/api/v1/namespaces/prod/secrets code=403" {
		t.Errorf("evidence %+v", ev)
	}

	// The same from stdin, limited in time: the burst falls outside.
	r = run(t, strings.Join(lines, "\n"), kubeward, "audit", "-o", "json", "--since", "2026-05-01T12:00:05Z", "-")
	wantCode(t, r, 0)
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil || rep.Summary.Objects != 7 || rep.Summary.Findings != 0 {
		t.Fatalf("with --since: %+v %v", rep.Summary, err)
	}

	// A config file raises the threshold.
	cfg := filepath.Join(dir, "kubeward.yaml")
	writeFile(t, cfg, "audit:\n  forbidden: {count: 20}\n")
	r = run(t, "", kubeward, "audit", "-o", "json", "--config", cfg, log)
	wantCode(t, r, 0)
}

func TestAuditBadLines(t *testing.T) {
	dir := t.TempDir()
	log := filepath.Join(dir, "audit.log")
	t0 := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	writeFile(t, log, "not json\n"+auditEvent("ok", "alice", "get", 200, t0)+"\n{\"kind\":\"Event\"}\n")
	r := run(t, "", kubeward, "audit", "-o", "json", log)
	wantCode(t, r, 2)
	var rep auditReport
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Summary.Objects != 1 || len(rep.Errors) != 2 || rep.Errors[0].Line != 1 || rep.Errors[1].Line != 3 ||
		rep.Errors[1].Message != "audit event lacks apiVersion, auditID, stage, verb, requestReceivedTimestamp" {
		t.Fatalf("report %+v", rep)
	}
	if !strings.Contains(r.stderr, "audit.log:1: not a JSON audit event: invalid character 'o' in literal null (expecting 'u') at byte 2") {
		t.Errorf("stderr %s", r.stderr)
	}
	for _, args := range [][]string{
		{"audit", "--since", "last tuesday", log},
		{"audit", "--max-line-bytes", "0", log},
		{"audit", filepath.Join(dir, "missing.log")},
		{"audit"},
	} {
		wantCode(t, run(t, "", kubeward, args...), 2)
	}
}

func TestAuditPolicyCheck(t *testing.T) {
	r := run(t, "", kubeward, "audit", "policy-check", "-o", "json", "internal/audit/testdata/policy-bad.yaml")
	wantCode(t, r, 1)
	matchesSchema(t, r.stdout)
	var rep auditReport
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Metadata.Mode != "audit-policy" || len(rep.Findings) != 9 {
		t.Fatalf("report %+v", rep)
	}
	first := rep.Findings[0]
	if first.Check != "audit-policy-request-received" || first.Location.Line != 1 {
		t.Errorf("first finding %+v", first)
	}
	wantCode(t, run(t, "", kubeward, "audit", "policy-check", "internal/audit/testdata/policy-good.yaml"), 0)
	r = run(t, "", kubeward, "audit", "policy-check", "go.mod")
	wantCode(t, r, 2)
	if !strings.Contains(r.stderr, "go.mod:") {
		t.Errorf("stderr %s", r.stderr)
	}
}

// matchesSchema validates a JSON report against docs/report-schema.json.
func matchesSchema(t *testing.T, report string) {
	t.Helper()
	schema, err := jsonschema.NewCompiler().Compile("../../docs/report-schema.json")
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(strings.NewReader(report))
	if err != nil {
		t.Fatal(err)
	}
	if err := schema.Validate(inst); err != nil {
		t.Errorf("report does not match docs/report-schema.json: %v", err)
	}
}

// One .kubeward.yaml tunes scan and audit: audit keys and detector IDs do
// not trouble a scan.
func TestAuditConfigSharedWithScan(t *testing.T) {
	cfg := filepath.Join(t.TempDir(), "kubeward.yaml")
	writeFile(t, cfg, "checks:\n  disable: [audit-token-new-source]\n  severity: {audit-pod-exec: critical}\naudit:\n  trusted: {audit-secret-read: [vault]}\n")
	wantCode(t, run(t, "", kubeward, "scan", "--config", cfg, "examples/hardened"), 0)
	wantCode(t, run(t, "", kubeward, "audit", "policy-check", "internal/audit/testdata/policy-good.yaml"), 0)
	r := run(t, "", kubeward, "audit", "--config", cfg, "-o", "json", "-")
	wantCode(t, r, 0)
	writeFile(t, cfg, "audit:\n  trusted: {audit-no-such: [x]}\n")
	r = run(t, "", kubeward, "scan", "--config", cfg, "examples/hardened")
	wantCode(t, r, 2)
	if !strings.Contains(r.stderr, `audit.trusted: unknown check "audit-no-such"`) {
		t.Errorf("stderr %s", r.stderr)
	}
}
