package probe_test

import (
	"strings"
	"testing"

	rbacv1 "k8s.io/api/rbac/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/probe"
	"github.com/kubeward/kubeward/internal/testcluster"
)

var activeIDs = []string{
	"probe-active-create-namespace", "probe-active-delete-namespace", "probe-active-create-role", "probe-active-patch-role",
	"probe-active-delete-role", "probe-active-create-clusterrole", "probe-active-patch-clusterrole", "probe-active-delete-clusterrole",
	"probe-active-create-pod", "probe-active-patch-pod", "probe-active-delete-pod", "probe-active-create-privileged-pod",
}

func activeStatuses(fs []check.Finding) map[string]check.Status {
	out := map[string]check.Status{}
	for _, f := range fs {
		if strings.HasPrefix(f.Check, "probe-active-") {
			out[f.Check] = f.Status
		}
	}
	return out
}

func TestActiveAnonymousRefused(t *testing.T) {
	t.Parallel()
	c := testcluster.Get(t)
	res := run(t, probe.Options{Active: true}, target(t, c.Host()))
	got := activeStatuses(res.Findings)
	want := map[string]check.Status{
		"probe-active-create-namespace": check.StatusPass, "probe-active-create-clusterrole": check.StatusPass,
	}
	for _, id := range activeIDs {
		if _, ok := want[id]; !ok {
			want[id] = check.StatusNotEvaluated
		}
	}
	if len(got) != len(want) {
		t.Errorf("active findings %v, want %v", got, want)
	}
	for id, st := range want {
		if got[id] != st {
			t.Errorf("%s: %s, want %s", id, got[id], st)
		}
	}
}

// TestActiveAdminToken: a token bound to cluster-admin can do everything,
// and the probe leaves nothing behind.
func TestActiveAdminToken(t *testing.T) {
	t.Parallel()
	c := testcluster.Get(t)
	ns := c.Namespace(t)
	ctx := t.Context()
	cs := c.AdminClient()
	cfg, err := c.ServiceAccountConfig(ctx, ns, "admin")
	if err != nil {
		t.Fatal(err)
	}
	name := "probe-admin-" + ns
	_, err = cs.RbacV1().ClusterRoleBindings().Create(ctx, &rbacv1.ClusterRoleBinding{
		ObjectMeta: metav1.ObjectMeta{Name: name},
		RoleRef:    rbacv1.RoleRef{APIGroup: "rbac.authorization.k8s.io", Kind: "ClusterRole", Name: "cluster-admin"},
		Subjects:   []rbacv1.Subject{{Kind: "ServiceAccount", Namespace: ns, Name: "admin"}},
	}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cs.RbacV1().ClusterRoleBindings().Delete(ctx, name, metav1.DeleteOptions{}) })
	var res *probe.Result
	eventually(t, "the admin binding in force", func() bool {
		res = run(t, probe.Options{Active: true, Token: cfg.BearerToken, Namespaces: []string{ns}}, target(t, c.Host()))
		return activeStatuses(res.Findings)["probe-active-create-namespace"] == check.StatusFail
	})
	got := activeStatuses(res.Findings)
	for _, id := range activeIDs {
		if got[id] != check.StatusFail {
			t.Errorf("%s: %s, want fail\n%s", id, got[id], dump(only(res.Findings, id)))
		}
	}
	if errs := only(res.Findings, "probe-error"); len(errs) != 0 {
		t.Errorf("cleanup problems:\n%s", dump(errs))
	}
	// What it made is gone (namespaces stay Terminating here: no
	// namespace controller runs in the harness).
	nss, err := cs.CoreV1().Namespaces().List(ctx, metav1.ListOptions{LabelSelector: "kubeward.dev/probe=active"})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range nss.Items {
		if n.DeletionTimestamp == nil {
			t.Errorf("namespace %s left behind", n.Name)
		}
	}
	crs, err := cs.RbacV1().ClusterRoles().List(ctx, metav1.ListOptions{LabelSelector: "kubeward.dev/probe=active"})
	if err != nil && !apierrors.IsNotFound(err) {
		t.Fatal(err)
	}
	if len(crs.Items) != 0 {
		t.Errorf("ClusterRoles left behind: %d", len(crs.Items))
	}
}
