package cluster_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"

	"github.com/kubeward/kubeward/internal/cluster"
	"github.com/kubeward/kubeward/internal/kube"
	"github.com/kubeward/kubeward/internal/testcluster"
)

// countingClient is a client whose GET requests are counted by path.
func countingClient(t *testing.T, cfg *rest.Config, opts cluster.Options, gets map[string]*atomic.Int64) *cluster.Client {
	t.Helper()
	cfg = rest.CopyConfig(cfg)
	cfg.WrapTransport = func(rt http.RoundTripper) http.RoundTripper {
		return roundTripFunc(func(r *http.Request) (*http.Response, error) {
			if n := gets[r.URL.Path]; n != nil && r.Method == http.MethodGet {
				n.Add(1)
			}
			return rt.RoundTrip(r)
		})
	}
	c, err := cluster.NewClient(cfg, "test", opts)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// TestListPaginates lists seven ConfigMaps three at a time: three
// requests, every object once, named by cluster and resourceVersion,
// with apiVersion and kind set and managedFields gone.
func TestListPaginates(t *testing.T) {
	t.Parallel()
	tc := testcluster.Get(t)
	ns := tc.Namespace(t)
	ctx := context.Background()
	var want []string
	for i := range 7 {
		name := fmt.Sprintf("cm-%d", i)
		cm := &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: name}, Data: map[string]string{"k": "v"}}
		if _, err := tc.AdminClient().CoreV1().ConfigMaps(ns).Create(ctx, cm, metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
		want = append(want, name)
	}
	path := "/api/v1/namespaces/" + ns + "/configmaps"
	gets := map[string]*atomic.Int64{path: new(atomic.Int64)}
	c := countingClient(t, tc.AdminConfig(), cluster.Options{PageSize: 3}, gets)
	objs, denied, err := c.List(ctx, ns, "ConfigMap")
	if err != nil || len(denied) != 0 {
		t.Fatalf("List: %v, denied %+v", err, denied)
	}
	var names []string
	for _, o := range objs {
		names = append(names, o.Name)
		if o.Cluster != "test" || o.ResourceVersion == "" || o.ResourceVersion != o.Meta.ResourceVersion ||
			o.APIVersion != "v1" || o.Kind != "ConfigMap" || o.Namespace != ns ||
			o.Location != (kube.Location{Object: path + "/" + o.Name}) {
			t.Errorf("object %s: ref %+v location %+v", o.Name, o.Ref, o.Location)
		}
		js := string(o.JSON)
		if !strings.HasPrefix(js, `{"apiVersion":"v1","data":{"k":"v"},"kind":"ConfigMap","metadata":{`) ||
			strings.Contains(js, "managedFields") || len(o.Meta.ManagedFields) != 0 {
			t.Errorf("object %s JSON: %s", o.Name, js)
		}
	}
	if !slices.Equal(names, want) {
		t.Errorf("listed %v, want %v", names, want)
	}
	if n := gets[path].Load(); n != 3 {
		t.Errorf("%d list requests for 7 objects in pages of 3, want 3", n)
	}
}

// TestStreamReportsForbiddenKinds lists, as a user who may list only
// ConfigMaps of one namespace, ConfigMaps and Secrets there: the
// ConfigMaps arrive, the Secrets are denied with the API server's reason.
func TestStreamReportsForbiddenKinds(t *testing.T) {
	t.Parallel()
	tc := testcluster.Get(t)
	ns := tc.Namespace(t)
	ctx := context.Background()
	cs := tc.AdminClient()
	user := "lister-" + ns
	if _, err := cs.CoreV1().ConfigMaps(ns).Create(ctx, &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "visible"}}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := cs.CoreV1().Secrets(ns).Create(ctx, &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Name: "hidden"}}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	grantList(t, cs, ns, user, "configmaps")

	c, err := cluster.NewClient(tc.ConfigFor(user), "limited", cluster.Options{})
	if err != nil {
		t.Fatal(err)
	}
	configMaps := cluster.Resource{Version: "v1", Kind: "ConfigMap", Name: "configmaps", Namespaced: true}
	secrets := cluster.Resource{Version: "v1", Kind: "Secret", Name: "secrets", Namespaced: true}
	var names []string
	denied := eventually(t, func() ([]cluster.Denied, bool) {
		names = nil
		d, err := c.Stream(ctx, []cluster.Resource{secrets, configMaps}, ns, func(o *kube.Object) { names = append(names, o.Kind+"/"+o.Name) })
		if err != nil {
			t.Fatal(err)
		}
		return d, len(names) == 1 // the binding is in force
	})
	if !slices.Equal(names, []string{"ConfigMap/visible"}) {
		t.Errorf("objects %v, want only ConfigMap/visible", names)
	}
	want := []cluster.Denied{{Resource: secrets, Namespace: ns, Code: 403,
		Reason: fmt.Sprintf(`secrets is forbidden: User %q cannot list resource "secrets" in API group "" in the namespace %q`, user, ns)}}
	if !slices.Equal(denied, want) {
		t.Errorf("denied =\n%+v\nwant\n%+v", denied, want)
	}
}

// grantList lets user list the resources in ns.
func grantList(t *testing.T, cs kubernetes.Interface, ns, user string, resources ...string) {
	t.Helper()
	ctx := context.Background()
	role := &rbacv1.Role{ObjectMeta: metav1.ObjectMeta{Name: "list-some"},
		Rules: []rbacv1.PolicyRule{{APIGroups: []string{""}, Resources: resources, Verbs: []string{"list"}}}}
	if _, err := cs.RbacV1().Roles(ns).Create(ctx, role, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	rb := &rbacv1.RoleBinding{ObjectMeta: metav1.ObjectMeta{Name: "list-some"},
		RoleRef:  rbacv1.RoleRef{APIGroup: rbacv1.GroupName, Kind: "Role", Name: "list-some"},
		Subjects: []rbacv1.Subject{{Kind: rbacv1.UserKind, APIGroup: rbacv1.GroupName, Name: user}}}
	if _, err := cs.RbacV1().RoleBindings(ns).Create(ctx, rb, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
}

// eventually retries f for a few seconds until it says done: RBAC
// bindings take effect a moment after they are stored.
func eventually[T any](t *testing.T, f func() (T, bool)) T {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		v, done := f()
		if done || time.Now().After(deadline) {
			return v
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestVersions reads the server version and the kubelet version of a Node
// created with a status, as a kubelet registers it.
func TestVersions(t *testing.T) {
	t.Parallel()
	tc := testcluster.Get(t)
	ctx := context.Background()
	c, err := cluster.NewClient(tc.AdminConfig(), "test", cluster.Options{})
	if err != nil {
		t.Fatal(err)
	}
	v, err := c.ServerVersion(ctx)
	if err != nil || v.GitVersion != "v1.37.2" || v.Major != "1" || v.Minor != "37" {
		t.Fatalf("ServerVersion = %+v, %v", v, err)
	}
	node := &corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: "versions-node"},
		Status: corev1.NodeStatus{NodeInfo: corev1.NodeSystemInfo{KubeletVersion: "v1.35.1"}}}
	if _, err := tc.AdminClient().CoreV1().Nodes().Create(ctx, node, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = tc.AdminClient().CoreV1().Nodes().Delete(context.Background(), node.Name, metav1.DeleteOptions{})
	})
	nodes, err := c.KubeletVersions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(nodes, cluster.NodeVersion{Node: "versions-node", KubeletVersion: "v1.35.1"}) {
		t.Errorf("KubeletVersions = %+v", nodes)
	}
	// Without the right to list nodes, the reason is the server's.
	limited, err := cluster.NewClient(tc.ConfigFor("no-nodes"), "test", cluster.Options{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = limited.KubeletVersions(ctx)
	if want := `list nodes: nodes is forbidden: User "no-nodes" cannot list resource "nodes" in API group "" at the cluster scope`; err == nil || err.Error() != want {
		t.Errorf("KubeletVersions as a user without rights: %v, want %s", err, want)
	}
}
