package clusterbench_test

import (
	"context"
	"maps"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kubeward/kubeward/internal/bench"
	"github.com/kubeward/kubeward/internal/bench/clusterbench"
	"github.com/kubeward/kubeward/internal/cluster"
	"github.com/kubeward/kubeward/internal/testcluster"
)

func policyResults(t *testing.T, c *testcluster.Cluster) map[string]string {
	t.Helper()
	b, err := bench.Load("cis-1.12")
	if err != nil {
		t.Fatal(err)
	}
	out, err := clusterbench.Run(context.Background(), client(t, c), b, bench.Options{Targets: []string{"policies"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Nodes) != 0 {
		t.Errorf("policies gave per-node results: %d", len(out.Nodes))
	}
	got := map[string]string{}
	for _, r := range out.Shared {
		got[r.Check.ID] = string(r.Status) + " " + r.Reason
	}
	return got
}

func compare(t *testing.T, phase string, got, want map[string]string) {
	t.Helper()
	for id, w := range want {
		if got[id] != w {
			t.Errorf("%s: %s\n got %s\nwant %s", phase, id, got[id], w)
		}
	}
	for id, g := range got {
		if _, ok := want[id]; !ok {
			t.Errorf("%s: unexpected result %s %s", phase, id, g)
		}
	}
}

// TestPoliciesThroughTheAPI evaluates section 5 on the bare test cluster
// (Kubernetes' own RBAC objects are its baseline, not findings), then adds
// a cluster-admin binding, a wildcard role and a privileged hostPID pod in
// a namespace without a Pod Security label, and checks what changes.
func TestPoliciesThroughTheAPI(t *testing.T) {
	c := testcluster.Get(t)
	manual := "WARN manual: review this recommendation by hand"
	rbacNone := func(ids string) string { return "PASS none found by " + ids }
	want := map[string]string{
		"5.1.1":  rbacNone("rbac-cluster-admin-binding (61 objects), rbac-wildcard-admin-binding (141 objects)"),
		"5.1.2":  rbacNone("rbac-secrets-read (80 objects)"),
		"5.1.3":  rbacNone("rbac-wildcard-admin-binding (141 objects), rbac-wildcard (80 objects)"),
		"5.1.4":  rbacNone("rbac-workload-create (80 objects)"),
		"5.1.5":  rbacNone("default-service-account (0 objects), rbac-default-service-account-binding (61 objects)"),
		"5.1.6":  rbacNone("automount-service-account-token (0 objects)"),
		"5.1.7":  manual,
		"5.1.8":  rbacNone("rbac-escalate-bind-impersonate (80 objects)"),
		"5.1.9":  rbacNone("rbac-persistentvolume-create (80 objects)"),
		"5.1.10": rbacNone("rbac-nodes-proxy (80 objects)"),
		"5.1.11": rbacNone("rbac-csr-approval (80 objects)"),
		"5.1.12": rbacNone("rbac-webhook-config-write (80 objects)"),
		"5.1.13": rbacNone("rbac-token-create (80 objects)"),
		"5.2.1": "WARN 1 of 1 namespaces enforce no Pod Security level of baseline or restricted (pod-security.kubernetes.io/enforce): default; " +
			"a cluster-wide default in the API server's admission configuration is not visible through the API",
		"5.2.2":  rbacNone("privileged-container (0 objects)"),
		"5.2.3":  rbacNone("host-namespaces (0 objects)"),
		"5.2.4":  rbacNone("host-namespaces (0 objects)"),
		"5.2.5":  rbacNone("host-namespaces (0 objects)"),
		"5.2.6":  rbacNone("privilege-escalation (0 objects)"),
		"5.2.7":  rbacNone("run-as-non-root (0 objects), run-as-non-root-user (0 objects)"),
		"5.2.8":  rbacNone("capabilities-restricted (0 objects)"),
		"5.2.9":  rbacNone("capabilities-baseline (0 objects), capabilities-restricted (0 objects)"),
		"5.2.10": rbacNone("host-process (0 objects)"),
		"5.2.11": rbacNone("host-path-volume (0 objects), container-runtime-socket (0 objects), sensitive-host-path (0 objects)"),
		"5.2.12": rbacNone("host-ports (0 objects)"),
		"5.3.1":  manual,
		"5.3.2":  rbacNone("namespace-without-network-policy (0 objects)"),
		"5.4.1":  manual,
		"5.4.2":  manual,
		"5.5.1":  manual,
		"5.6.1":  manual,
		"5.6.2":  rbacNone("seccomp-restricted (0 objects)"),
		"5.6.3":  manual,
		"5.6.4":  rbacNone("workload-in-default-namespace (0 objects)"),
	}
	compare(t, "bare cluster", policyResults(t, c), want)
	if t.Failed() {
		return
	}

	ctx := context.Background()
	cs := c.AdminClient()
	ns := c.Namespace(t)
	locked := c.Namespace(t)
	lns, err := cs.CoreV1().Namespaces().Get(ctx, locked, metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	lns.Labels["pod-security.kubernetes.io/enforce"] = "restricted"
	if _, err := cs.CoreV1().Namespaces().Update(ctx, lns, metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
	crb := &rbacv1.ClusterRoleBinding{ObjectMeta: metav1.ObjectMeta{Name: ns + "-admins"},
		RoleRef:  rbacv1.RoleRef{APIGroup: "rbac.authorization.k8s.io", Kind: "ClusterRole", Name: "cluster-admin"},
		Subjects: []rbacv1.Subject{{APIGroup: "rbac.authorization.k8s.io", Kind: "User", Name: "alice"}}}
	if _, err := cs.RbacV1().ClusterRoleBindings().Create(ctx, crb, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cs.RbacV1().ClusterRoleBindings().Delete(context.Background(), crb.Name, metav1.DeleteOptions{})
	})
	role := &rbacv1.Role{ObjectMeta: metav1.ObjectMeta{Name: "pods-anything", Namespace: ns},
		Rules: []rbacv1.PolicyRule{{APIGroups: []string{""}, Resources: []string{"pods"}, Verbs: []string{"*"}}}}
	if _, err := cs.RbacV1().Roles(ns).Create(ctx, role, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	yes := true
	pod := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "debug", Namespace: ns},
		Spec: corev1.PodSpec{HostPID: true, Containers: []corev1.Container{{Name: "shell",
			Image:           "registry.example/shell@sha256:0000000000000000000000000000000000000000000000000000000000000000",
			SecurityContext: &corev1.SecurityContext{Privileged: &yes}}}}}
	if _, err := cs.CoreV1().Pods(ns).Create(ctx, pod, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}

	after := maps.Clone(want)
	pod1 := "WARN Pod/" + ns + "/debug: "
	for id, w := range map[string]string{
		"5.1.1": "WARN ClusterRoleBinding/" + ns + `-admins: grants ClusterRole "cluster-admin" cluster-wide to user alice: every verb on every resource`,
		"5.1.3": "WARN Role/" + ns + `/pods-anything: verbs "*" grants every verb, including ones added later, on "pods"`,
		"5.1.4": "WARN Role/" + ns + `/pods-anything: grants every verb ("*") on pods: runs pods as any service account in namespace "` + ns + `"`,
		"5.1.5": pod1 + `pod spec uses the namespace's "default" service account`,
		"5.1.6": pod1 + `pod spec does not set automountServiceAccountToken: false; a token of service account "default" is mounted into every container`,
		"5.2.1": "WARN 2 of 3 namespaces enforce no Pod Security level of baseline or restricted (pod-security.kubernetes.io/enforce): default, " + ns +
			"; a cluster-wide default in the API server's admission configuration is not visible through the API",
		"5.2.2":  pod1 + `container "shell" runs privileged`,
		"5.2.3":  pod1 + `pod shares the host process namespace (hostPID: true)`,
		"5.2.4":  rbacNone("host-namespaces (1 object)"),
		"5.2.5":  rbacNone("host-namespaces (1 object)"),
		"5.2.6":  pod1 + `container "shell" does not set securityContext.allowPrivilegeEscalation=false`,
		"5.2.7":  pod1 + `container "shell" does not set securityContext.runAsNonRoot=true, and neither does the pod`,
		"5.2.8":  pod1 + `container "shell" does not drop ALL capabilities`,
		"5.2.9":  rbacNone("capabilities-baseline (1 object), capabilities-restricted (1 object)"),
		"5.2.10": rbacNone("host-process (1 object)"),
		"5.2.11": rbacNone("host-path-volume (1 object), container-runtime-socket (1 object), sensitive-host-path (1 object)"),
		"5.2.12": rbacNone("host-ports (1 object)"),
		"5.3.2":  pod1 + `namespace "` + ns + `" has no NetworkPolicy: these pods accept connections from any pod`,
		"5.6.2":  pod1 + `container "shell" sets no seccomp profile, and neither does the pod (RuntimeDefault or Localhost required)`,
		"5.6.4":  rbacNone("workload-in-default-namespace (1 object)"),
	} {
		after[id] = w
	}
	// The new Role is one more object for the role checks.
	for _, id := range []string{"5.1.2", "5.1.8", "5.1.9", "5.1.10", "5.1.11", "5.1.12", "5.1.13"} {
		after[id] = strings.Replace(after[id], "(80 objects)", "(81 objects)", 1)
	}
	compare(t, "with fixtures", policyResults(t, c), after)
}

// TestDeniedCredentialsAreNotEvaluated runs bench --cluster as a user RBAC
// grants nothing: no node can be listed and no policy object read, so
// every check is not evaluated with the API server's refusal, and only
// the manual ones stay WARN. Nothing passes.
func TestDeniedCredentialsAreNotEvaluated(t *testing.T) {
	c := testcluster.Get(t)
	b, err := bench.Load("cis-1.12")
	if err != nil {
		t.Fatal(err)
	}
	cl, err := cluster.NewClient(c.ConfigFor("bench-nobody"), "test", cluster.Options{})
	if err != nil {
		t.Fatal(err)
	}
	out, err := clusterbench.Run(context.Background(), cl, b, bench.Options{Checks: []string{"4.2.1", "4.1.1", "5.1.1", "5.2.1", "5.2.2", "5.1.7"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Nodes) != 0 {
		t.Errorf("%d node result sets without the right to list nodes", len(out.Nodes))
	}
	forbidden := func(res, scope string) string {
		return res + ` is forbidden: User "bench-nobody" cannot list resource "` + res + `" in API group "` + scope
	}
	want := map[string]string{
		"4.1.1": "NOT-EVALUATED list nodes: " + forbidden("nodes", `" at the cluster scope`),
		"4.2.1": "NOT-EVALUATED list nodes: " + forbidden("nodes", `" at the cluster scope`),
		"5.1.1": "NOT-EVALUATED could not list clusterrolebindings.rbac.authorization.k8s.io: clusterrolebindings.rbac.authorization.k8s.io is forbidden: " +
			`User "bench-nobody" cannot list resource "clusterrolebindings" in API group "rbac.authorization.k8s.io" at the cluster scope`,
		"5.1.7": "WARN manual: review this recommendation by hand",
		"5.2.1": "NOT-EVALUATED could not list namespaces: " + forbidden("namespaces", `" at the cluster scope`),
		"5.2.2": "NOT-EVALUATED could not list cronjobs.batch: cronjobs.batch is forbidden: " +
			`User "bench-nobody" cannot list resource "cronjobs" in API group "batch" at the cluster scope`,
	}
	// A check that reads several kinds names every refusal; the first is
	// compared here, and the pod one must be among them.
	got := map[string]string{}
	for _, r := range out.Shared {
		first, _, _ := strings.Cut(r.Reason, "; ")
		got[r.Check.ID] = string(r.Status) + " " + first
		if r.Check.ID == "5.2.2" && !strings.Contains(r.Reason, "could not list pods: "+forbidden("pods", `" at the cluster scope`)) {
			t.Errorf("5.2.2 does not name the pods refusal: %s", r.Reason)
		}
	}
	compare(t, "denied", got, want)
}
