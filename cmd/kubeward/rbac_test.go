package main_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	authorizationv1 "k8s.io/api/authorization/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"k8s.io/client-go/kubernetes"

	"github.com/kubeward/kubeward/internal/testcluster"
)

// policyFixture is the policy the analysis package checks against
// SubjectAccessReview; NS1, NS2 and SFX are placeholders.
const policyFixture = "internal/analysis/rbac/testdata/policy.yaml"

func TestRBACWhoCanFromFiles(t *testing.T) {
	r := run(t, "", kubeward, "rbac", "who-can", "get", "pods", "-n", "NS1", "-f", policyFixture)
	wantCode(t, r, 0)
	want := `# who can get pods in namespace "NS1"
SUBJECT            BINDING                           ROLE
user:kw-SFX-alice  RoleBinding/NS1/alice-reads-pods  Role/NS1/pod-reader rules[0]
`
	if r.stdout != want {
		t.Errorf("stdout:\n%s\nwant:\n%s", r.stdout, want)
	}

	// "*/scale" in group apps, through a ClusterRoleBinding to a group;
	// and the service account of a RoleBinding subject defaults to the
	// binding's namespace.
	r = run(t, "", kubeward, "rbac", "who-can", "update", "statefulsets", "scale", "-n", "NS2", "-o", "json", "--", policyFixture)
	wantCode(t, r, 0)
	if got := grantSubjects(t, r.stdout); !slices.Equal(got, []string{"group:kw-SFX-ops"}) {
		t.Errorf("who-can update statefulsets/scale: %v", got)
	}
	r = run(t, "", kubeward, "rbac", "who-can", "get", "secrets", "-n", "NS1", "--name", "db-pass", "-o", "json", "-f", policyFixture)
	wantCode(t, r, 0)
	if got := grantSubjects(t, r.stdout); !slices.Equal(got, []string{"sa:NS1:builder"}) {
		t.Errorf("who-can get secrets db-pass: %v", got)
	}
	// resourceNames never grant an unnamed request.
	r = run(t, "", kubeward, "rbac", "who-can", "get", "secrets", "-n", "NS1", "-f", policyFixture)
	wantCode(t, r, 0)
	if r.stdout != "# who can get secrets in namespace \"NS1\"\n# nobody: no binding grants it\n" {
		t.Errorf("stdout:\n%s", r.stdout)
	}
}

func TestRBACCanFromFiles(t *testing.T) {
	r := run(t, "", kubeward, "rbac", "can", "sa:NS1:builder", "-f", policyFixture)
	wantCode(t, r, 0)
	// The builder's own binding, then what every service account of NS1
	// and every service account gets through groups, the aggregated
	// ClusterRole's rules filled in.
	want := `# sa:NS1:builder as user "system:serviceaccount:NS1:builder" in groups system:serviceaccounts, system:serviceaccounts:NS1, system:authenticated
SCOPE          VERBS                    APIGROUPS  RESOURCES           NAMES     BINDING
namespace NS1  get,update               ""         secrets             db-pass   RoleBinding/NS1/builder-secret
namespace NS1  create,deletecollection  ""         configmaps          settings  RoleBinding/NS1/builder-secret
namespace NS2  get,list                 ""         services,endpoints  -         RoleBinding/NS2/aggregate
namespace NS2  create                   batch      jobs                -         RoleBinding/NS2/aggregate
namespace NS2  get,list                 ""         services            -         RoleBinding/NS2/aggregate
namespace NS2  get                      *          *                   -         RoleBinding/NS2/all-sas-read
`
	if r.stdout != want {
		t.Errorf("stdout:\n%s\nwant:\n%s", r.stdout, want)
	}
	r = run(t, "", kubeward, "rbac", "can", "user:kw-SFX-alice", "-o", "json", "-f", policyFixture)
	wantCode(t, r, 0)
	var res struct {
		Identity    struct{ Groups []string }
		Permissions []struct {
			Namespace string
			Rule      rbacv1.PolicyRule
			Binding   struct{ Kind, Name string }
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &res); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range res.Permissions {
		got = append(got, p.Namespace+" "+p.Binding.Kind+"/"+p.Binding.Name+" "+strings.Join(append(p.Rule.Resources, p.Rule.NonResourceURLs...), ","))
	}
	wantPerms := []string{
		" ClusterRoleBinding/kw-SFX-alice-urls /logs/*,/metrics",
		" ClusterRoleBinding/kw-SFX-alice-urls /apis/kw-SFX*",
		"NS1 RoleBinding/alice-reads-pods pods",
		"NS1 RoleBinding/alice-reads-pods pods/log",
	}
	if !slices.Equal(got, wantPerms) || !slices.Equal(res.Identity.Groups, []string{"system:authenticated"}) {
		t.Errorf("permissions %q in groups %v, want %q in [system:authenticated]", got, res.Identity.Groups, wantPerms)
	}
}

func TestRBACUsageErrors(t *testing.T) {
	for _, c := range []struct {
		args   []string
		stderr string
	}{
		{[]string{"who-can", "get", "pods"}, "kubeward: nothing to read: give manifests with -f PATH (or after --), or --cluster\n"},
		{[]string{"who-can", "get", "gizmos", "-f", policyFixture}, "kubeward: unknown resource \"gizmos\": name its API group as RESOURCE.GROUP, e.g. widgets.example.com\n"},
		{[]string{"who-can", "get", "-f", policyFixture}, "kubeward: who-can takes VERB RESOURCE [SUBRESOURCE], got 1 arguments\n"},
		{[]string{"can", "alice", "-f", policyFixture}, "kubeward: subject \"alice\": want user:NAME, group:NAME or sa:NAMESPACE:NAME\n"},
		{[]string{"can", "sa:alice", "-f", policyFixture}, "kubeward: subject \"sa:alice\": a service account is sa:NAMESPACE:NAME\n"},
		{[]string{"can", "user:a", "-o", "yaml", "-f", policyFixture}, "kubeward: --output: unknown format \"yaml\" (want table or json)\n"},
		{[]string{"can", "user:a", "--cluster", "-f", policyFixture}, "kubeward: read either files (-f) or the cluster (--cluster), not both\n"},
	} {
		r := run(t, "", kubeward, append([]string{"rbac"}, c.args...)...)
		wantCode(t, r, 2)
		if r.stderr != c.stderr || r.stdout != "" {
			t.Errorf("rbac %v: stderr %q, stdout %q; want stderr %q", c.args, r.stderr, r.stdout, c.stderr)
		}
	}
	// A broken file is reported with its line; the answer from the rest
	// is still written, and the exit code says the input was incomplete.
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	writeFile(t, bad, "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: x, namespace: a}\nrules: [{verbs: [get]\n")
	r := run(t, "", kubeward, "rbac", "who-can", "get", "pods", "-n", "NS1", "-f", policyFixture, "-f", bad)
	wantCode(t, r, 2)
	if !strings.HasPrefix(r.stderr, "error: "+bad+":") || !strings.Contains(r.stdout, "user:kw-SFX-alice") {
		t.Errorf("stderr %q, stdout %q", r.stderr, r.stdout)
	}
}

// TestRBACOnCluster applies the fixture to a real apiserver and asks the
// binary with --cluster; every subject it lists must be allowed by the
// apiserver's SubjectAccessReview, and subjects it leaves out denied.
func TestRBACOnCluster(t *testing.T) {
	c, err := testcluster.Start(t.Context(), testcluster.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Stop() })
	cs := c.AdminClient()
	ns1, ns2 := c.Namespace(t), c.Namespace(t)
	data, err := os.ReadFile(filepath.Join("..", "..", policyFixture))
	if err != nil {
		t.Fatal(err)
	}
	applyRBAC(t, cs, strings.NewReplacer("NS1", ns1, "NS2", ns2, "SFX", "cli").Replace(string(data)))
	// No aggregation controller runs in the test cluster: store by hand
	// the rules it would give the aggregated role, which the analysis
	// computes from the aggregationRule itself.
	agg, err := cs.RbacV1().ClusterRoles().Get(t.Context(), "kw-cli-aggregate", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	agg.Rules = []rbacv1.PolicyRule{
		{APIGroups: []string{""}, Resources: []string{"services", "endpoints"}, Verbs: []string{"get", "list"}},
		{APIGroups: []string{"batch"}, Resources: []string{"jobs"}, Verbs: []string{"create"}},
		{APIGroups: []string{""}, Resources: []string{"services"}, Verbs: []string{"get", "list"}},
	}
	if _, err := cs.RbacV1().ClusterRoles().Update(t.Context(), agg, metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}

	cases := []struct {
		args    []string
		attrs   authorizationv1.ResourceAttributes
		want    []string // subjects the fixture adds; bootstrap ones come on top
		outside []string // identities that must not be listed and are denied
	}{
		{[]string{"get", "pods", "-n", ns1}, authorizationv1.ResourceAttributes{Verb: "get", Resource: "pods", Namespace: ns1},
			[]string{"user:kw-cli-alice"}, []string{"user:kw-cli-carol", "sa:" + ns1 + ":builder"}},
		{[]string{"create", "jobs", "-n", ns2}, authorizationv1.ResourceAttributes{Verb: "create", Group: "batch", Resource: "jobs", Namespace: ns2},
			[]string{"user:kw-cli-carol", "group:system:serviceaccounts:" + ns1}, []string{"user:kw-cli-alice", "sa:" + ns2 + ":default"}},
		{[]string{"get", "nodes/proxy"}, authorizationv1.ResourceAttributes{Verb: "get", Resource: "nodes", Subresource: "proxy"},
			[]string{"sa:" + ns2 + ":default"}, []string{"user:kw-cli-olga", "sa:" + ns1 + ":default"}},
	}
	for _, tc := range cases {
		args := append([]string{"rbac", "who-can"}, tc.args...)
		r := run(t, "", kubeward, append(args, "--cluster", "--kubeconfig", c.Kubeconfig(), "-o", "json")...)
		wantCode(t, r, 0)
		got := grantSubjects(t, r.stdout)
		var fixture []string
		for _, s := range got {
			if strings.Contains(s, "kw-cli-") || strings.Contains(s, ns1) || strings.Contains(s, ns2) {
				fixture = append(fixture, s)
			}
		}
		if !slices.Equal(fixture, tc.want) {
			t.Errorf("who-can %v: fixture subjects %v, want %v (all: %v)", tc.args, fixture, tc.want, got)
		}
		for _, s := range got {
			if !allowedSoon(t, cs, s, tc.attrs) {
				t.Errorf("who-can %v lists %s, but SubjectAccessReview denies it", tc.args, s)
			}
		}
		for _, s := range tc.outside {
			if slices.Contains(got, s) || review(t, cs, s, tc.attrs) {
				t.Errorf("who-can %v: %s should be neither listed nor allowed", tc.args, s)
			}
		}
	}
}

func grantSubjects(t *testing.T, stdout string) []string {
	t.Helper()
	var res struct {
		Grants []struct {
			Subject struct{ Kind, Name, Namespace string }
		}
	}
	if err := json.Unmarshal([]byte(stdout), &res); err != nil {
		t.Fatalf("%v in %s", err, stdout)
	}
	var out []string
	for _, g := range res.Grants {
		s := g.Subject
		switch s.Kind {
		case "ServiceAccount":
			out = append(out, "sa:"+s.Namespace+":"+s.Name)
		default:
			out = append(out, strings.ToLower(s.Kind)+":"+s.Name)
		}
	}
	return out
}

// allowedSoon is review for an answer that should be yes: bindings reach
// the authorizer a moment after they are stored, so a no is asked again
// for a few seconds.
func allowedSoon(t *testing.T, cs kubernetes.Interface, subject string, attrs authorizationv1.ResourceAttributes) bool {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(200 * time.Millisecond) {
		if review(t, cs, subject, attrs) || time.Now().After(deadline) {
			return review(t, cs, subject, attrs)
		}
	}
}

// review asks the apiserver whether a subject (in the form the command
// prints) may make the request, with the groups its authenticator adds.
func review(t *testing.T, cs kubernetes.Interface, subject string, attrs authorizationv1.ResourceAttributes) bool {
	t.Helper()
	kind, name, _ := strings.Cut(subject, ":")
	spec := authorizationv1.SubjectAccessReviewSpec{ResourceAttributes: &attrs}
	switch kind {
	case "user":
		spec.User, spec.Groups = name, []string{"system:authenticated"}
	case "group":
		spec.Groups = []string{name}
	case "sa":
		ns, _, _ := strings.Cut(name, ":")
		spec.User = "system:serviceaccount:" + name
		spec.Groups = []string{"system:serviceaccounts", "system:serviceaccounts:" + ns, "system:authenticated"}
	}
	res, err := cs.AuthorizationV1().SubjectAccessReviews().Create(t.Context(), &authorizationv1.SubjectAccessReview{Spec: spec}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return res.Status.Allowed
}

// applyRBAC creates the RBAC objects of a YAML stream.
func applyRBAC(t *testing.T, cs kubernetes.Interface, manifests string) {
	t.Helper()
	ctx := t.Context()
	dec := utilyaml.NewYAMLOrJSONDecoder(bytes.NewReader([]byte(manifests)), 4096)
	rb := cs.RbacV1()
	conv := runtime.DefaultUnstructuredConverter
	for {
		var u unstructured.Unstructured
		if err := dec.Decode(&u.Object); err != nil {
			if errors.Is(err, io.EOF) {
				return
			}
			t.Fatal(err)
		}
		if u.Object == nil {
			continue
		}
		var err error
		switch u.GetKind() {
		case "Role":
			var o rbacv1.Role
			if err = conv.FromUnstructured(u.Object, &o); err == nil {
				_, err = rb.Roles(o.Namespace).Create(ctx, &o, metav1.CreateOptions{})
			}
		case "ClusterRole":
			var o rbacv1.ClusterRole
			if err = conv.FromUnstructured(u.Object, &o); err == nil {
				_, err = rb.ClusterRoles().Create(ctx, &o, metav1.CreateOptions{})
			}
		case "RoleBinding":
			var o rbacv1.RoleBinding
			if err = conv.FromUnstructured(u.Object, &o); err == nil {
				_, err = rb.RoleBindings(o.Namespace).Create(ctx, &o, metav1.CreateOptions{})
			}
		case "ClusterRoleBinding":
			var o rbacv1.ClusterRoleBinding
			if err = conv.FromUnstructured(u.Object, &o); err == nil {
				_, err = rb.ClusterRoleBindings().Create(ctx, &o, metav1.CreateOptions{})
			}
		}
		if err != nil {
			t.Fatalf("create %s %s: %v", u.GetKind(), u.GetName(), err)
		}
	}
}
