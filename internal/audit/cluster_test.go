package audit

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/config"
	"github.com/kubeward/kubeward/internal/testcluster"
)

func TestMain(m *testing.M) { testcluster.Main(m) }

// scenario is what the cluster tests do through the real API server, and
// the findings that must come of it.
type scenario struct {
	ns, prober, binding string
}

// play makes the requests detectors must see: a user without rights lists
// secrets 20 times, the admin creates a pod and a privileged pod, execs
// into the first (it is Pending: no kubelet runs, and the exec fails, but
// it is audited), and binds cluster-admin to a user.
func play(t *testing.T, c *testcluster.Cluster, ns string) scenario {
	t.Helper()
	ctx := t.Context()
	s := scenario{ns: ns, prober: "prober-" + ns, binding: "grant-" + ns}
	prober, err := kubernetes.NewForConfig(c.ConfigFor(s.prober, "probers"))
	if err != nil {
		t.Fatal(err)
	}
	for range 20 {
		_, err := prober.CoreV1().Secrets(ns).List(ctx, metav1.ListOptions{})
		if !apierrors.IsForbidden(err) {
			t.Fatalf("listing secrets without rights: %v, want Forbidden", err)
		}
	}
	admin := c.AdminClient()
	pod := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "web"}, Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "app", Image: "registry.example/app:1"}}}}
	if _, err := admin.CoreV1().Pods(ns).Create(ctx, pod, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	priv := true
	bad := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "root"}, Spec: corev1.PodSpec{
		HostPID:    true,
		Containers: []corev1.Container{{Name: "shell", Image: "registry.example/shell:1", SecurityContext: &corev1.SecurityContext{Privileged: &priv}}},
	}}
	if _, err := admin.CoreV1().Pods(ns).Create(ctx, bad, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	err = admin.CoreV1().RESTClient().Post().Namespace(ns).Resource("pods").Name("web").SubResource("exec").
		Param("container", "app").Param("command", "cat").Param("command", "/etc/shadow").Param("stdout", "true").
		Do(ctx).Error()
	if err == nil {
		t.Fatal("exec into a pod that has no node succeeded")
	}
	crb := &rbacv1.ClusterRoleBinding{
		ObjectMeta: metav1.ObjectMeta{Name: s.binding},
		RoleRef:    rbacv1.RoleRef{APIGroup: "rbac.authorization.k8s.io", Kind: "ClusterRole", Name: "cluster-admin"},
		Subjects:   []rbacv1.Subject{{APIGroup: "rbac.authorization.k8s.io", Kind: "User", Name: "mallory"}},
	}
	if _, err := admin.RbacV1().ClusterRoleBindings().Create(ctx, crb, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = admin.RbacV1().ClusterRoleBindings().Delete(context.Background(), s.binding, metav1.DeleteOptions{})
	})
	return s
}

// want lists the findings the scenario must yield, as "check: message".
func (s scenario) want() []string {
	admin := testcluster.AdminUser
	return []string{
		fmt.Sprintf(`audit-cluster-admin-grant: user %q created ClusterRoleBinding %q binding ClusterRole cluster-admin to User "mallory"`, admin, s.binding),
		fmt.Sprintf(`audit-insecure-workload: user %q created Pod %q with host-namespaces: pod shares the host process namespace (hostPID: true)`, admin, s.ns+"/root"),
		fmt.Sprintf(`audit-insecure-workload: user %q created Pod %q with privileged-container: container "shell" runs privileged`, admin, s.ns+"/root"),
		fmt.Sprintf(`audit-pod-exec: user %q requested exec into pod %q (container "app", command "cat /etc/shadow") from 127.0.0.1; answered 400`, admin, s.ns+"/web"),
		fmt.Sprintf(`audit-repeated-forbidden: user %q got 10 Forbidden (403) answers within 5m0s from 127.0.0.1; the last: list secrets in namespace %q`, s.prober, s.ns),
	}
}

// mine keeps the findings about the scenario's namespace, users and
// binding, as "check: message", sorted.
func (s scenario) mine(fs []check.Finding) []string {
	var out []string
	for _, f := range fs {
		if strings.Contains(f.Message, s.ns) || strings.Contains(f.Message, s.binding) || strings.Contains(f.Message, s.prober) {
			out = append(out, f.Check+": "+f.Message)
		}
	}
	slices.Sort(out)
	return out
}

// detectFile runs every detector over an audit log file.
func detectFile(t *testing.T, path string) ([]check.Finding, ReadStats) {
	t.Helper()
	var fs []check.Finding
	e := NewEngine(NewSettings(config.Audit{}), check.Options{}, func(f check.Finding) { fs = append(fs, f) })
	stats, err := Read(t.Context(), []string{path}, ReadOptions{}, e.Observe, func(le LineError) { t.Errorf("line error: %v", le) })
	if err != nil {
		t.Fatal(err)
	}
	return fs, stats
}

// waitFindings reads the log until the scenario's findings are all there
// (the API server writes the last events a moment after answering).
func waitFindings(t *testing.T, path string, s scenario) []check.Finding {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		fs, _ := detectFile(t, path)
		if len(s.mine(fs)) >= len(s.want()) || time.Now().After(deadline) {
			return fs
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func TestDetectorsOnRealAuditLog(t *testing.T) {
	c := testcluster.Get(t)
	ns := c.Namespace(t)
	testNamespaces.add(ns)
	s := play(t, c, ns)
	fs := waitFindings(t, c.AuditLogPath(), s)
	if got, want := s.mine(fs), s.want(); !slices.Equal(got, want) {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, f := range fs {
		if !testNamespaces.owns(f.Message) {
			t.Errorf("unexpected finding: %s: %s", f.Check, f.Message)
		}
	}
}
