package cluster

import (
	"slices"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// TestPickResources checks the choice among what discovery returns: only
// listable top-level resources of wanted kinds, one per kind, the
// Kubernetes group before a custom resource that reuses the kind's name.
func TestPickResources(t *testing.T) {
	list := func(gv string, rs ...metav1.APIResource) *metav1.APIResourceList {
		return &metav1.APIResourceList{GroupVersion: gv, APIResources: rs}
	}
	res := func(name, kind string, namespaced bool, verbs ...string) metav1.APIResource {
		return metav1.APIResource{Name: name, Kind: kind, Namespaced: namespaced, Verbs: verbs}
	}
	lists := []*metav1.APIResourceList{
		list("example.com/v1", res("deployments", "Deployment", true, "list"), res("widgets", "Widget", true, "list")),
		list("v1", res("pods", "Pod", true, "list", "get"), res("pods/log", "Pod", true, "get"),
			res("events", "Event", true, "list"), res("bindings", "Binding", true, "create")),
		list("apps/v1", res("deployments", "Deployment", true, "list")),
		list("events.k8s.io/v1", res("events", "Event", true, "list")),
		list("rbac.authorization.k8s.io/v1", res("clusterroles", "ClusterRole", false, "list")),
	}
	wanted := []string{"Deployment", "Pod", "Event", "Binding", "ClusterRole"}
	got := pickResources(lists, func(_, kind string) bool { return slices.Contains(wanted, kind) })
	want := []Resource{
		{Group: "rbac.authorization.k8s.io", Version: "v1", Kind: "ClusterRole", Name: "clusterroles"},
		{Group: "apps", Version: "v1", Kind: "Deployment", Name: "deployments", Namespaced: true},
		{Version: "v1", Kind: "Event", Name: "events", Namespaced: true},
		{Version: "v1", Kind: "Pod", Name: "pods", Namespaced: true},
	}
	if !slices.Equal(got, want) {
		t.Errorf("pickResources =\n%+v\nwant\n%+v", got, want)
	}
	if p := want[1].Path("shop"); p != "/apis/apps/v1/namespaces/shop/deployments" {
		t.Errorf("Path = %q", p)
	}
	if p := want[0].Path("shop"); p != "/apis/rbac.authorization.k8s.io/v1/clusterroles" {
		t.Errorf("cluster-scoped Path = %q", p)
	}
}
