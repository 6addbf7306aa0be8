package rbac

import (
	"slices"
	"strings"
	"testing"

	rbacv1 "k8s.io/api/rbac/v1"

	"github.com/kubeward/kubeward/internal/kube"
)

func role(cluster bool, rules ...rbacv1.PolicyRule) *kube.Role {
	kind := "Role"
	if cluster {
		kind = "ClusterRole"
	}
	o := &kube.Object{Ref: kube.Ref{APIVersion: "rbac.authorization.k8s.io/v1", Kind: kind, Namespace: "ns", Name: "r"}}
	return &kube.Role{Object: o, Rules: rules, Cluster: cluster}
}

func rule(groups, resources, verbs []string, names ...string) rbacv1.PolicyRule {
	return rbacv1.PolicyRule{APIGroups: groups, Resources: resources, Verbs: verbs, ResourceNames: names}
}

func l(s ...string) []string { return s }

func TestGrants(t *testing.T) {
	pods := resource{group: "", name: "pods"}
	exec := resource{group: "", name: "pods/exec"}
	deploy := resource{group: "apps", name: "deployments"}
	nodesProxy := resource{group: "", name: "nodes/proxy", cluster: true}
	extras := resource{group: "authentication.k8s.io", name: "userextras/*", cluster: true}
	tests := []struct {
		name      string
		role      *kube.Role
		verbs     []string
		res       []resource
		want      string // describe() of each grant, joined by " | "
		wantPaths []string
	}{
		{"exact", role(false, rule(l(""), l("pods"), l("get", "create"))), l("create"), []resource{pods},
			"create on pods", l("rules[0].resources[0]")},
		{"verb missing", role(false, rule(l(""), l("pods"), l("get"))), l("create"), []resource{pods}, "", nil},
		{"wrong group", role(false, rule(l("apps"), l("pods"), l("create"))), l("create"), []resource{pods}, "", nil},
		{"group wildcard", role(false, rule(l("*"), l("deployments"), l("create"))), l("create"), []resource{deploy},
			`create on deployments (apps) (through apiGroups "*")`, l("rules[0].resources[0]")},
		{"resource wildcard", role(false, rule(l(""), l("configmaps", "*"), l("create"))), l("create"), []resource{pods},
			`create on pods (through resources "*")`, l("rules[0].resources[1]")},
		{"verb wildcard", role(false, rule(l(""), l("pods"), l("*"))), l("create", "get"), []resource{pods},
			`every verb ("*") on pods`, l("rules[0].resources[0]")},
		{"subresource is not the resource", role(false, rule(l(""), l("pods"), l("create"))), l("create"), []resource{exec}, "", nil},
		{"star-slash subresource", role(false, rule(l(""), l("*/exec"), l("create"))), l("create"), []resource{exec},
			`create on pods/exec (through resources "*/exec")`, l("rules[0].resources[0]")},
		{"star-slash needs a subresource", role(false, rule(l(""), l("*/exec"), l("create"))), l("create"), []resource{pods}, "", nil},
		{"any subresource", role(true, rule(l("authentication.k8s.io"), l("userextras/scopes"), l("impersonate"))), l("impersonate"), []resource{extras},
			`impersonate on userextras/* (authentication.k8s.io) (through resources "userextras/scopes")`, l("rules[0].resources[0]")},
		{"names restrict", role(false, rule(l(""), l("pods"), l("get"), "a")), l("get"), []resource{pods},
			`get on pods (only resourceNames "a")`, l("rules[0].resources[0]")},
		{"named create never matches", role(false, rule(l(""), l("pods"), l("create"), "a")), l("create"), []resource{pods}, "", nil},
		{"named create on subresource matches", role(false, rule(l(""), l("pods/exec"), l("create"), "a")), l("create"), []resource{exec},
			`create on pods/exec (only resourceNames "a")`, l("rules[0].resources[0]")},
		{"role cannot grant cluster-scoped", role(false, rule(l(""), l("nodes/proxy"), l("get"))), nil, []resource{nodesProxy}, "", nil},
		{"any verb", role(true, rule(l(""), l("nodes/proxy"), l("get", "list"))), nil, []resource{nodesProxy},
			"get, list on nodes/proxy", l("rules[0].resources[0]")},
		{"non-resource rule", role(true, rbacv1.PolicyRule{NonResourceURLs: l("*"), Verbs: l("*")}), nil, []resource{nodesProxy}, "", nil},
		{"one grant per rule, verbs in asked order", role(false,
			rule(l("", "apps"), l("deployments", "pods"), l("create", "get")),
			rule(l(""), l("pods"), l("list"))), l("get", "create"), []resource{pods, deploy},
			"get, create on pods, deployments (apps)", l("rules[0].resources[0]")},
		{"aggregated rules are ignored", func() *kube.Role {
			r := role(true, rule(l("*"), l("*"), l("*")))
			r.AggregationRule = &rbacv1.AggregationRule{}
			return r
		}(), nil, []resource{pods}, "", nil},
		{"other API group's Role kind", func() *kube.Role {
			r := role(false, rule(l("*"), l("*"), l("*")))
			r.Object.APIVersion = "example.com/v1"
			return r
		}(), nil, []resource{pods}, "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got, paths []string
			for _, g := range grants(tt.role, tt.verbs, tt.res...) {
				got = append(got, g.describe())
				paths = append(paths, g.path())
			}
			if j := strings.Join(got, " | "); j != tt.want {
				t.Errorf("grants = %q, want %q", j, tt.want)
			}
			if !slices.Equal(paths, tt.wantPaths) {
				t.Errorf("paths = %q, want %q", paths, tt.wantPaths)
			}
		})
	}
}

func TestMatchResource(t *testing.T) {
	tests := []struct {
		entries []string
		name    string
		want    int
	}{
		{l("pods"), "pods", 0},
		{l("secrets", "pods"), "pods", 1},
		{l("*"), "pods/exec", 0},
		{l("pods/*"), "pods/exec", -1}, // RBAC has no resource/* form
		{l("*/exec"), "pods/exec", 0},
		{l("*/exec"), "pods/attach", -1},
		{l("pods/exec"), "pods", -1},
		{l("userextras/scopes"), "userextras/*", 0},
		{l("userextras"), "userextras/*", -1},
		{l("Pods"), "pods", -1}, // matching is case-sensitive, as in the API server
	}
	for _, tt := range tests {
		if got := matchResource(tt.entries, tt.name); got != tt.want {
			t.Errorf("matchResource(%q, %q) = %d, want %d", tt.entries, tt.name, got, tt.want)
		}
	}
}
