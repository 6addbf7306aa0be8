package rbac

import (
	"testing"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
)

// Two projects in one scan both define a ClusterRole "manager-role"; each
// binding must be judged against the role next to it.
func TestAdminBindingResolvesNearestRole(t *testing.T) {
	shell := func(file, kind, name string) *kube.Object {
		return &kube.Object{Ref: kube.Ref{Kind: kind, Name: name}, Location: kube.Location{File: file, Line: 1}}
	}
	key := roleKey{kind: "ClusterRole", name: "manager-role"}
	facts := []check.Fact{
		{Object: shell("a/config/rbac/role.yaml", "ClusterRole", "manager-role"), Value: roleFact{key: key, rule: 0}},
		{Object: shell("b/config/rbac/role.yaml", "ClusterRole", "manager-role"), Value: roleFact{key: key, rule: -1}},
		{Object: shell("a/config/rbac/role_binding.yaml", "ClusterRoleBinding", "a"), Value: adminBinding{ref: key, text: "a"}},
		{Object: shell("b/config/rbac/role_binding.yaml", "ClusterRoleBinding", "b"), Value: adminBinding{ref: key, text: "b"}},
		{Object: shell("c/binding.yaml", "ClusterRoleBinding", "c"), Value: adminBinding{ref: key, text: "c"}},
	}
	var got []string
	analyzeAdmin(facts, func(o *kube.Object, f check.Finding) { got = append(got, o.Name) })
	// c is ambiguous: one candidate is not "*" on "*", so nothing is said.
	if len(got) != 1 || got[0] != "a" {
		t.Errorf("reported bindings %q, want [a]", got)
	}
}
