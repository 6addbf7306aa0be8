package testcluster_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	authenticationv1 "k8s.io/api/authentication/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"

	"github.com/kubeward/kubeward/internal/testcluster"
)

func TestConfigForUserIsSubjectToRBAC(t *testing.T) {
	t.Parallel()
	c := testcluster.Get(t)
	ns := c.Namespace(t)
	cs := clientset(t, c.ConfigFor("alice", "kubeward-dev"))

	assertIdentity(t, cs, "alice", []string{"kubeward-dev", "system:authenticated"})
	assertForbidden(t, cs, ns, fmt.Sprintf(`pods is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace %q`, ns))
	grantPodReader(t, c, ns, rbacv1.Subject{Kind: rbacv1.UserKind, Name: "alice", APIGroup: rbacv1.GroupName})
	waitCanListPods(t, cs, ns)
}

func TestConfigForGroupIsSubjectToRBAC(t *testing.T) {
	t.Parallel()
	c := testcluster.Get(t)
	ns := c.Namespace(t)
	cs := clientset(t, c.ConfigFor("bob", "kubeward-auditors"))

	assertForbidden(t, cs, ns, fmt.Sprintf(`pods is forbidden: User "bob" cannot list resource "pods" in API group "" in the namespace %q`, ns))
	grantPodReader(t, c, ns, rbacv1.Subject{Kind: rbacv1.GroupKind, Name: "kubeward-auditors", APIGroup: rbacv1.GroupName})
	waitCanListPods(t, cs, ns)
}

func TestServiceAccountTokenIsSubjectToRBAC(t *testing.T) {
	t.Parallel()
	c := testcluster.Get(t)
	ns := c.Namespace(t)
	other := c.Namespace(t)
	cfg, err := c.ServiceAccountConfig(t.Context(), ns, "scanner")
	if err != nil {
		t.Fatal(err)
	}
	if cfg.BearerToken == "" {
		t.Fatal("ServiceAccountConfig returned no bearer token")
	}
	cs := clientset(t, cfg)
	user := "system:serviceaccount:" + ns + ":scanner"

	assertIdentity(t, cs, user, []string{"system:serviceaccounts", "system:serviceaccounts:" + ns, "system:authenticated"})
	assertForbidden(t, cs, ns, fmt.Sprintf(`pods is forbidden: User %q cannot list resource "pods" in API group "" in the namespace %q`, user, ns))
	grantPodReader(t, c, ns, rbacv1.Subject{Kind: rbacv1.ServiceAccountKind, Name: "scanner", Namespace: ns})
	waitCanListPods(t, cs, ns)
	// The grant is a RoleBinding: other namespaces stay closed.
	assertForbidden(t, cs, other, fmt.Sprintf(`pods is forbidden: User %q cannot list resource "pods" in API group "" in the namespace %q`, user, other))

	// A second call reuses the existing service account.
	if _, err := c.ServiceAccountConfig(t.Context(), ns, "scanner"); err != nil {
		t.Fatalf("second ServiceAccountConfig: %v", err)
	}
}

func clientset(t *testing.T, cfg *rest.Config) kubernetes.Interface {
	t.Helper()
	cs, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return cs
}

func assertIdentity(t *testing.T, cs kubernetes.Interface, user string, groups []string) {
	t.Helper()
	r, err := cs.AuthenticationV1().SelfSubjectReviews().Create(t.Context(), &authenticationv1.SelfSubjectReview{}, metav1.CreateOptions{})
	if err != nil {
		t.Fatalf("self subject review: %v", err)
	}
	got := r.Status.UserInfo
	if got.Username != user || !slices.Equal(got.Groups, groups) {
		t.Errorf("authenticated as %q %v, want %q %v", got.Username, got.Groups, user, groups)
	}
}

func assertForbidden(t *testing.T, cs kubernetes.Interface, ns, message string) {
	t.Helper()
	_, err := cs.CoreV1().Pods(ns).List(t.Context(), metav1.ListOptions{})
	if !apierrors.IsForbidden(err) {
		t.Fatalf("list pods in %s: err = %v, want 403 Forbidden", ns, err)
	}
	if err.Error() != message {
		t.Errorf("forbidden message:\n got  %s\n want %s", err, message)
	}
}

func grantPodReader(t *testing.T, c *testcluster.Cluster, ns string, subject rbacv1.Subject) {
	t.Helper()
	rbac := c.AdminClient().RbacV1()
	role := &rbacv1.Role{
		ObjectMeta: metav1.ObjectMeta{Name: "pod-reader"},
		Rules:      []rbacv1.PolicyRule{{APIGroups: []string{""}, Resources: []string{"pods"}, Verbs: []string{"get", "list"}}},
	}
	if _, err := rbac.Roles(ns).Create(t.Context(), role, metav1.CreateOptions{}); err != nil {
		t.Fatalf("create role: %v", err)
	}
	binding := &rbacv1.RoleBinding{
		ObjectMeta: metav1.ObjectMeta{Name: "pod-reader"},
		RoleRef:    rbacv1.RoleRef{APIGroup: rbacv1.GroupName, Kind: "Role", Name: "pod-reader"},
		Subjects:   []rbacv1.Subject{subject},
	}
	if _, err := rbac.RoleBindings(ns).Create(t.Context(), binding, metav1.CreateOptions{}); err != nil {
		t.Fatalf("create role binding: %v", err)
	}
}

// waitCanListPods retries briefly: the RBAC authorizer reads bindings from
// a watch-fed cache, so a new binding takes effect a moment after it is
// stored.
func waitCanListPods(t *testing.T, cs kubernetes.Interface, ns string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	for {
		_, err := cs.CoreV1().Pods(ns).List(ctx, metav1.ListOptions{})
		if err == nil {
			return
		}
		if !apierrors.IsForbidden(err) {
			t.Fatalf("list pods after the grant: %v", err)
		}
		select {
		case <-ctx.Done():
			t.Fatalf("list pods still forbidden 10s after the grant: %v", err)
		case <-time.After(20 * time.Millisecond):
		}
	}
}
