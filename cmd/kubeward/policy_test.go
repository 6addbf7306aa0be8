package main_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kubeward/kubeward/internal/testcluster"
)

const regoFixture = "cmd/kubeward/testdata/policy"

// The example policies add exactly their findings to a scan and change
// none of the built-in ones.
func TestScanWithPolicies(t *testing.T) {
	base, r := scanJSON(t, "", "--fail-on", "none", regoFixture+"/app.yaml")
	wantCode(t, r, 0)
	rep, r := scanJSON(t, "", "--fail-on", "none", "--policy", "examples/policies", regoFixture+"/app.yaml")
	wantCode(t, r, 0)
	type row struct {
		check, severity, message, path string
		line                           int
	}
	var got, builtin []row
	for _, f := range rep.Findings {
		x := row{f.Check, f.Severity, f.Message, f.Path, f.Location.Line}
		if strings.HasPrefix(f.Check, "policy:") {
			got = append(got, x)
		} else {
			builtin = append(builtin, x)
		}
	}
	want := []row{
		{"policy:team-label", "medium", `Deployment "web" has no team label`, "metadata.labels", 6},
		{"policy:allowed-registries", "high", `container "app" uses image "docker.io/library/nginx:1.27", which is not from an allowed registry (registry.example.com/, ghcr.io/example/)`,
			"spec.template.spec.containers[0].image", 18},
		{"policy:team-contact", "low", `team "payments" has no contact annotation (example.com/contact)`, "metadata.labels.team", 25},
	}
	sortRows := func(rs []row) {
		slices.SortFunc(rs, func(a, b row) int { return strings.Compare(a.check+a.path+a.message, b.check+b.path+b.message) })
	}
	sortRows(got)
	sortRows(want)
	if !slices.Equal(got, want) {
		t.Errorf("policy findings:\n got %+v\nwant %+v", got, want)
	}
	var before []row
	for _, f := range base.Findings {
		before = append(before, row{f.Check, f.Severity, f.Message, f.Path, f.Location.Line})
	}
	sortRows(before)
	sortRows(builtin)
	if !slices.Equal(before, builtin) {
		t.Errorf("built-in findings changed with --policy:\nwithout %+v\n   with %+v", before, builtin)
	}
	// The high allowed-registries finding fails the default --fail-on.
	_, r = scanJSON(t, "", "--policy", "examples/policies", regoFixture+"/app.yaml")
	wantCode(t, r, 1)
}

// .kubeward.yaml disables a policy rule and overrides a severity by the
// IDs the policy reports under.
func TestScanPolicyConfig(t *testing.T) {
	dir := t.TempDir()
	cfg := dir + "/config.yaml"
	writeFile(t, cfg, "checks:\n  disable: [policy:team-contact]\n  severity: {policy:allowed-registries: low}\n")
	rep, r := scanJSON(t, "", "--fail-on", "high", "--config", cfg, "--policy", "examples/policies", regoFixture+"/app.yaml")
	var got []string
	for _, f := range rep.Findings {
		if strings.HasPrefix(f.Check, "policy:") {
			got = append(got, f.Check+" "+f.Severity)
		}
	}
	slices.Sort(got)
	if want := []string{"policy:allowed-registries low", "policy:team-label medium"}; !slices.Equal(got, want) {
		t.Errorf("policy findings %v, want %v (exit %d, stderr %s)", got, want, r.code, r.stderr)
	}
}

func TestScanPolicyCompileError(t *testing.T) {
	r := run(t, "", kubeward, "scan", "--policy", regoFixture+"/broken", regoFixture+"/app.yaml")
	wantCode(t, r, 2)
	want := "kubeward: policy: " + regoFixture + "/broken/deny.rego:5: rego_parse_error: unexpected } token: expected \",\" or \")\"\n\t}\n\t^\n"
	if r.stderr != want || r.stdout != "" {
		t.Errorf("stderr %q\nwant   %q\nstdout %q", r.stderr, want, r.stdout)
	}
}

func TestPolicyTest(t *testing.T) {
	r := run(t, "", kubeward, "policy", "test", "examples/policies")
	wantCode(t, r, 0)
	if r.stdout != "9 tests: 9 passed, 0 failed, 0 errors, 0 skipped\n" {
		t.Errorf("stdout %q", r.stdout)
	}

	r = run(t, "", kubeward, "policy", "test", regoFixture+"/failing")
	wantCode(t, r, 1)
	file := regoFixture + "/failing/replicas_test.rego"
	want := "FAIL  kubeward.replicas_test.test_two_replicas_denied (" + file + ":10)\n" +
		"ERROR kubeward.replicas_test.test_replicas_from_string (" + file + ":15): " + file +
		":16: eval_builtin_error: to_number: strconv.ParseFloat: parsing \"two\": invalid syntax\n" +
		"3 tests: 1 passed, 1 failed, 1 errors, 0 skipped\n"
	if r.stdout != want {
		t.Errorf("stdout:\n%s\nwant:\n%s", r.stdout, want)
	}

	r = run(t, "", kubeward, "policy", "test", regoFixture+"/broken")
	wantCode(t, r, 2)
	if !strings.HasPrefix(r.stderr, "kubeward: policy: "+regoFixture+"/broken/deny.rego:5: rego_parse_error: ") {
		t.Errorf("stderr %q", r.stderr)
	}

	r = run(t, "", kubeward, "policy", "test", regoFixture+"/notests")
	wantCode(t, r, 2)
	if r.stderr != "kubeward: policy test: no Rego tests (rules named test_*) under "+regoFixture+"/notests\n" {
		t.Errorf("stderr %q", r.stderr)
	}
}

// TestScanClusterWithPolicies runs the example policies over objects read
// from a real kube-apiserver with scan --cluster --policy.
func TestScanClusterWithPolicies(t *testing.T) {
	ctx := context.Background()
	tc, err := testcluster.Start(ctx, testcluster.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = tc.Stop() })
	cs := tc.AdminClient()
	ns := tc.Namespace(t)
	labels := map[string]string{"app": "web"}
	_, err = cs.AppsV1().Deployments(ns).Create(ctx, &appsv1.Deployment{
		ObjectMeta: metav1.ObjectMeta{Name: "web", Labels: labels},
		Spec: appsv1.DeploymentSpec{
			Selector: &metav1.LabelSelector{MatchLabels: labels},
			Template: corev1.PodTemplateSpec{ObjectMeta: metav1.ObjectMeta{Labels: labels},
				Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "app", Image: "docker.io/library/nginx:1.27"}}}},
		},
	}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = cs.CoreV1().Pods(ns).Create(ctx, &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: "worker", Labels: map[string]string{"team": "payments"},
			Annotations: map[string]string{"example.com/contact": "#payments"}},
		Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "app", Image: "registry.example.com/worker:3"}}},
	}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	r := run(t, "", kubeward, "scan", "--cluster", "--kubeconfig", tc.Kubeconfig(), "-n", ns, "-o", "json", "--fail-on", "none", "--policy", "examples/policies")
	wantCode(t, r, 0)
	rep := decodeCluster(t, r)
	var got []string
	for _, f := range rep.Findings {
		if strings.HasPrefix(f.Check, "policy:") {
			got = append(got, strings.Join([]string{f.Check, f.Status, f.Object.Kind + "/" + f.Object.Name, f.Path, f.Message}, " | "))
		}
	}
	slices.Sort(got)
	want := []string{
		`policy:allowed-registries | fail | Deployment/web | spec.template.spec.containers[0].image | container "app" uses image "docker.io/library/nginx:1.27", which is not from an allowed registry (registry.example.com/, ghcr.io/example/)`,
		`policy:team-label | fail | Deployment/web | metadata.labels | Deployment "web" has no team label`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("policy findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestAdmissionVAP(t *testing.T) {
	r := run(t, "", kubeward, "admission", "vap", "--namespace-selector", "env=prod")
	wantCode(t, r, 0)
	for _, want := range []string{
		"# ValidatingAdmissionPolicies for 7 kubeward checks, enforced by the API server on Pods.\n",
		"#   multi-replica-without-pdb: looks at other objects of the inventory\n",
		"#   proc-mount: not translated to CEL\n",
		"kind: ValidatingAdmissionPolicy\n", "name: kubeward-privileged-container\n",
		"  matchResources:\n    namespaceSelector:\n      matchLabels:\n        env: prod\n",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, r.stdout)
		}
	}
	if n := strings.Count(r.stdout, "\nkind: ValidatingAdmissionPolicyBinding\n"); n != 7 {
		t.Errorf("%d bindings, want 7", n)
	}
	r = run(t, "", kubeward, "admission", "vap", "--action", "Nope")
	wantCode(t, r, 2)
	if r.stderr != "kubeward: --action: action \"Nope\" is not Deny, Warn or Audit\n" {
		t.Errorf("stderr %q", r.stderr)
	}
}
