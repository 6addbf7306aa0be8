package bench

import (
	"bytes"
	"os"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/node"
	"github.com/kubeward/kubeward/internal/report"
)

func fixtureReport(t *testing.T, file string) *report.Report {
	t.Helper()
	fx := loadFixture(t, file)
	snap := node.New(fx.fsys, "/")
	sel, rs := fx.run(t)
	b, _ := Load(sel.Name)
	env := Discover(b, snap)
	r := report.New("bench", "test", time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
	Fill(r, RunInfo{Benchmark: b, Selection: sel.Reason, Node: env.Node, Targets: AutoTargets(env)}, rs)
	r.Finish()
	return r
}

// Every fixture's JSON report is valid against the published schema.
func TestBenchJSONMatchesSchema(t *testing.T) {
	schema, err := jsonschema.NewCompiler().Compile("../../docs/report-schema.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, file := range fixtureFiles(t) {
		var buf bytes.Buffer
		if err := report.WriteJSON(&buf, fixtureReport(t, file), report.WriteOptions{}); err != nil {
			t.Fatal(err)
		}
		inst, err := jsonschema.UnmarshalJSON(&buf)
		if err != nil {
			t.Fatal(err)
		}
		if err := schema.Validate(inst); err != nil {
			t.Errorf("%s: %v", file, err)
		}
	}
}

// The worker node's report in every format, byte for byte.
func TestBenchReportGolden(t *testing.T) {
	r := fixtureReport(t, "testdata/nodes/worker.txtar")
	for _, format := range []string{"table", "json", "junit", "sarif"} {
		var buf bytes.Buffer
		if err := report.Write(&buf, format, r, report.WriteOptions{}); err != nil {
			t.Fatal(err)
		}
		golden := "testdata/worker." + format + ".golden"
		if *update {
			if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(buf.Bytes(), want) {
			t.Errorf("%s output differs from %s (go test -update rewrites it):\n%s", format, golden, buf.String())
		}
	}
}

func TestFillCountsSectionsAndMapsStatuses(t *testing.T) {
	r := fixtureReport(t, "testdata/nodes/worker.txtar")
	b := r.Bench
	if b.Benchmark != "cis-1.12" || b.Node != "worker-1" || len(b.Sections) != 9 {
		t.Fatalf("bench = %+v", b)
	}
	want := map[string]report.BenchTotals{
		"4.1": {Pass: 7, NotEvaluated: 3}, "4.2": {Pass: 9, Fail: 2, Warn: 3}, "4.3": {Pass: 1},
		"5.1": {Warn: 1, NotEvaluated: 12}, "5.2": {NotEvaluated: 12},
	}
	for _, s := range b.Sections {
		if w, ok := want[s.ID]; ok && s.Totals != w {
			t.Errorf("section %s totals = %+v, want %+v", s.ID, s.Totals, w)
		}
	}
	if b.Totals != (report.BenchTotals{Pass: 17, Fail: 2, Warn: 10, NotEvaluated: 30}) {
		t.Errorf("totals = %+v", b.Totals)
	}
	statuses := map[string]check.Status{}
	for _, f := range r.Findings {
		statuses[f.Check] = f.Status
	}
	for id, want := range map[string]check.Status{"cis-4.2.1": check.StatusFail, "cis-4.2.4": check.StatusWarn,
		"cis-5.1.7": check.StatusManual, "cis-4.1.7": check.StatusNotEvaluated, "cis-4.1.5": check.StatusPass} {
		if statuses[id] != want {
			t.Errorf("%s status = %s, want %s", id, statuses[id], want)
		}
	}
	if r.Failing(check.Critical) != true || r.Failing(check.High) != true {
		t.Error("a failed critical check (4.2.1 anonymous auth) must fail --fail-on critical")
	}
}
