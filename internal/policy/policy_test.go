package policy_test

import (
	"context"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/check/checktest"
	"github.com/kubeward/kubeward/internal/kube"
	"github.com/kubeward/kubeward/internal/policy"
)

const examples = "../../examples/policies"

func load(t testing.TB, dir string) *policy.Set {
	t.Helper()
	set, err := policy.Load(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	return set
}

// The example policies report exactly what the testdata's want comments
// say: deny and warn, per-rule IDs, paths resolved to lines, and nothing
// for kinds the policies do not declare.
func TestExamples(t *testing.T) {
	checktest.Run(t, "testdata/workloads.yaml", load(t, examples).Runners()...)
}

func TestFindingFields(t *testing.T) {
	fs, errs := checktest.Evaluate("testdata/workloads.yaml", load(t, examples).Runners()...)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	type row struct {
		check    string
		severity check.Severity
		status   check.Status
		object   string
		path     string
		line     int
		title    string
	}
	var got []row
	for _, f := range fs {
		got = append(got, row{f.Check, f.Severity, f.Status, f.Object.String(), f.Path, f.Location.Line, f.Title})
	}
	want := []row{
		{"policy:allowed-registries", check.High, check.StatusFail, "Deployment/shop/web", "spec.template.spec.containers[0].image", 16, "Images come from the company registries"},
		{"policy:team-label", check.Medium, check.StatusFail, "Deployment/shop/web", "metadata.labels", 6, "Workloads name their owning team"},
		{"policy:allowed-registries", check.High, check.StatusFail, "CronJob/nightly", "spec.jobTemplate.spec.template.spec.containers[0].image", 32, "Images come from the company registries"},
		{"policy:team-contact", check.Low, check.StatusWarn, "CronJob/nightly", "metadata.labels.team", 23, "Workloads name their owning team"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d findings, want %d:\n%+v", len(got), len(want), got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("finding %d:\n got %+v\nwant %+v", i, got[i], want[i])
		}
	}
}

func TestLoadErrors(t *testing.T) {
	for _, tc := range []struct{ dir, want string }{
		{"testdata/broken", "policy: testdata/broken/broken.rego:5: rego_parse_error: unexpected } token: expected \",\" or \")\"\n\t}\n\t^"},
		{"testdata/typeerror", "policy: testdata/typeerror/typeerror.rego:4: rego_type_error: undefined function no_such_function"},
		{"testdata/badmeta", "policy: testdata/badmeta/badmeta.rego:1: METADATA custom.kind: unknown key (want id, severity, kinds or remediation)"},
		{"testdata/nonexistent", "policy: stat testdata/nonexistent: no such file or directory"},
		{"policy_test.go", "policy: policy_test.go is neither a directory nor a .rego file"},
		{"testdata", "policy: testdata/broken/broken.rego:5: rego_parse_error: unexpected } token: expected \",\" or \")\"\n\t}\n\t^"},
	} {
		_, err := policy.Load(context.Background(), tc.dir)
		if err == nil || err.Error() != tc.want {
			t.Errorf("Load(%s) = %v\nwant %s", tc.dir, err, tc.want)
		}
	}
}

// --policy also takes one .rego file: only that file's policies load.
func TestLoadOneFile(t *testing.T) {
	set := load(t, filepath.Join(examples, "team_label.rego"))
	if len(set.Policies) != 1 || set.Policies[0].Package != "kubeward.team_label" {
		t.Fatalf("policies = %+v, want kubeward.team_label alone", set.Policies)
	}
}

func object(t testing.TB, js string) *kube.Object {
	t.Helper()
	o, err := kube.NewObject([]byte(js), nil, kube.Location{File: "in.yaml", Line: 1}, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

// A policy that fails to evaluate yields an error finding under its own ID,
// never a pass; an object it can evaluate gets its normal result.
func TestEvalErrorIsAFinding(t *testing.T) {
	e := check.NewEngine(load(t, "testdata/evalerror").Runners(), check.Options{})
	fs, err := e.Evaluate(object(t, `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"web"}}`))
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != 1 || fs[0].Check != "policy:numbered-names" || fs[0].Status != check.StatusError || fs[0].Severity != check.Low ||
		!strings.HasPrefix(fs[0].Message, "could not evaluate: ") || !strings.Contains(fs[0].Message, "to_number: strconv.ParseFloat: parsing \"web\": invalid syntax") {
		t.Fatalf("findings = %+v", fs)
	}
	fs, err = e.Evaluate(object(t, `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"7"}}`))
	if err != nil || len(fs) != 1 || fs[0].Status != check.StatusFail || fs[0].Message != "name is too small" {
		t.Fatalf("findings = %+v, %v", fs, err)
	}
	if cov := e.Coverage(); cov[0].Errors != 1 || cov[0].Objects != 1 {
		t.Errorf("coverage = %+v", cov)
	}
}

func TestBadOutputIsAnError(t *testing.T) {
	e := check.NewEngine(load(t, "testdata/badoutput").Runners(), check.Options{})
	fs, err := e.Evaluate(object(t, `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"web"}}`))
	if err != nil {
		t.Fatal(err)
	}
	want := `could not evaluate: deny: unknown severity "urgent" (want one of critical, high, medium, low, info)`
	if len(fs) != 1 || fs[0].Status != check.StatusError || fs[0].Message != want || fs[0].Check != "policy:badoutput" {
		t.Fatalf("findings = %+v", fs)
	}
}

// A policy that declares no kinds sees every object, so the loader has to
// parse every document for it; one that declares kinds sees only those.
func TestKinds(t *testing.T) {
	any := load(t, "testdata/anykind").Runners()[0]
	for _, k := range []string{"Pod", "ConfigMap", "ClusterRole", "Widget"} {
		if !any.Wants("v1", k) || !any.Applies(k) {
			t.Errorf("policy without kinds does not want %s", k)
		}
	}
	e := check.NewEngine([]check.Runner{any}, check.Options{})
	fs, err := e.Evaluate(object(t, `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"}}`))
	if err != nil || len(fs) != 1 || fs[0].Message != "ConfigMap has no owner annotation" || fs[0].Check != "policy:owner-annotation" {
		t.Fatalf("findings = %+v, %v", fs, err)
	}
	regs := load(t, examples).Runners()[0]
	if regs.Info().ID != "policy:allowed-registries" || regs.Wants("v1", "ConfigMap") || !regs.Wants("apps/v1", "Deployment") {
		t.Errorf("%s: kinds not honoured", regs.Info().ID)
	}
}

// Disabling a rule ID and overriding its severity work for the IDs a
// policy reports under, like for built-in checks.
func TestOptionsByRuleID(t *testing.T) {
	e := check.NewEngine(load(t, examples).Runners(), check.Options{
		Disabled:   map[string]bool{"policy:team-contact": true},
		Severities: map[string]check.Severity{"policy:team-label": check.Critical},
	})
	fs, err := e.Evaluate(object(t, `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","labels":{"team":"x"}},"spec":{"containers":[]}}`))
	if err != nil || len(fs) != 0 {
		t.Fatalf("team-contact not disabled: %+v, %v", fs, err)
	}
	fs, err = e.Evaluate(object(t, `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[]}}`))
	if err != nil || len(fs) != 1 || fs[0].Severity != check.Critical {
		t.Fatalf("severity not overridden: %+v, %v", fs, err)
	}
}

// The admission request reaches policies as input.request.
func TestAdmissionInput(t *testing.T) {
	e := check.NewEngine(load(t, examples).Runners(), check.Options{})
	o := object(t, `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","labels":{"team":"search"},"annotations":{"example.com/contact":"#s"}},"spec":{"containers":[]}}`)
	o.Admission = &kube.AdmissionInfo{Operation: "UPDATE", User: "alice", Groups: []string{"dev"},
		OldObject: []byte(`{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","labels":{"team":"payments"}}}`)}
	fs, err := e.Evaluate(o)
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != 1 || fs[0].Check != "policy:team-label-immutable" || fs[0].Severity != check.High ||
		fs[0].Message != `the team label cannot change from "payments" to "search"` || fs[0].Path != "metadata.labels.team" {
		t.Fatalf("findings = %+v", fs)
	}
	in, err := policy.Input(o)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"apiVersion": "v1", "kind": "Pod", "name": "p", "namespace": "", "object": {"apiVersion": "v1", "kind": "Pod", "metadata": {"annotations": {"example.com/contact": "#s"}, "labels": {"team": "search"}, "name": "p"}, "spec": {"containers": []}}, "podSpec": {"containers": []}, "podSpecPath": "spec", "request": {"dryRun": false, "groups": ["dev"], "oldObject": {"apiVersion": "v1", "kind": "Pod", "metadata": {"labels": {"team": "payments"}, "name": "p"}}, "operation": "UPDATE", "subResource": "", "uid": "", "user": "alice"}}`
	if in.String() != want {
		t.Errorf("input =\n%s\nwant\n%s", in, want)
	}
}

// Prepared queries are shared by every worker of a scan: run under -race.
func TestConcurrentEval(t *testing.T) {
	e := check.NewEngine(load(t, examples).Runners(), check.Options{})
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Go(func() {
			for i := range 50 {
				o := object(t, `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"a","image":"evil.io/x"}]}}`)
				fs, err := e.Evaluate(o)
				if err != nil || len(fs) != 2 || fs[0].Check != "policy:allowed-registries" || fs[1].Check != "policy:team-label" {
					t.Errorf("worker %d, round %d: %+v, %v", w, i, fs, err)
					return
				}
			}
		})
	}
	wg.Wait()
}
