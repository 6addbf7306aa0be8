package rbac

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	rbacv1 "k8s.io/api/rbac/v1"

	"github.com/kubeward/kubeward/internal/kube"
)

// pick returns one of xs at random.
func pick[T any](r *rand.Rand, xs ...T) T { return xs[r.IntN(len(xs))] }

// some returns one to three of xs at random.
func some(r *rand.Rand, xs ...string) []string {
	out := make([]string, 1+r.IntN(3))
	for i := range out {
		out[i] = pick(r, xs...)
	}
	return out
}

// randomPolicy builds bindings and roles over a small vocabulary, so that
// subjects, namespaces, resources and names collide often.
func randomPolicy(r *rand.Rand) *Policy {
	nss := []string{"", "a", "b"}
	inv := &Inventory{}
	for i := range 6 {
		ns := pick(r, nss[1:]...)
		ref := kube.Ref{Kind: "Role", Namespace: ns, Name: fmt.Sprint("r", i)}
		if i%2 == 0 {
			ref = kube.Ref{Kind: "ClusterRole", Name: fmt.Sprint("r", i)}
		}
		role := &Role{Ref: ref}
		for range 1 + r.IntN(4) {
			rule := rbacv1.PolicyRule{Verbs: some(r, "get", "list", "create", "*", "impersonate", "escalate")}
			if r.IntN(6) == 0 {
				rule.NonResourceURLs = some(r, "/metrics", "/logs/*", "*")
			} else {
				rule.APIGroups = some(r, "", "apps", "*")
				rule.Resources = some(r, "pods", "pods/exec", "*/exec", "secrets", "*", "deployments", "serviceaccounts/token")
				if r.IntN(3) == 0 {
					rule.ResourceNames = some(r, "x", "y")
				}
			}
			role.Rules = append(role.Rules, rule)
		}
		inv.Roles = append(inv.Roles, role)
	}
	subjects := []rbacv1.Subject{
		{Kind: KindUser, Name: "alice"}, {Kind: KindUser, Name: "bob"},
		{Kind: KindGroup, Name: GroupServiceAccounts}, {Kind: KindGroup, Name: GroupAuthenticated},
		{Kind: KindGroup, Name: GroupServiceAccounts + ":a"},
		{Kind: KindServiceAccount, Name: "default"}, {Kind: KindServiceAccount, Namespace: "a", Name: "builder"},
		{Kind: KindServiceAccount, Namespace: "b", Name: "default"},
	}
	for i := range 12 {
		ns := pick(r, nss...)
		b := &Binding{Ref: kube.Ref{Kind: "RoleBinding", Namespace: ns, Name: fmt.Sprint("b", i)},
			RoleRef: rbacv1.RoleRef{Kind: pick(r, "Role", "ClusterRole"), Name: fmt.Sprint("r", r.IntN(6))}}
		if ns == "" {
			b.Ref.Kind = "ClusterRoleBinding"
		}
		for range 1 + r.IntN(3) {
			b.Subjects = append(b.Subjects, pick(r, subjects...))
		}
		inv.Bindings = append(inv.Bindings, b)
	}
	return NewPolicy(inv)
}

// TestGrantIndexAgreesWithEveryRule holds the indexed answers to the
// plain ones: the first of the subject's effective permissions, in order,
// that allows the request; and whether any cluster-wide one could.
func TestGrantIndexAgreesWithEveryRule(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	subjects := []Subject{{Kind: KindUser, Name: "alice"}, {Kind: KindUser, Name: "carol"},
		{Kind: KindGroup, Name: GroupServiceAccounts}, {Kind: KindServiceAccount, Namespace: "a", Name: "default"},
		{Kind: KindServiceAccount, Namespace: "a", Name: "builder"}, {Kind: KindServiceAccount, Namespace: "b", Name: "default"}}
	asked, granted := 0, 0
	for range 300 {
		p := randomPolicy(r)
		s := newSearcher(p, Extras{})
		for range 40 {
			sub := pick(r, subjects...)
			req := Request{Verb: pick(r, "get", "list", "create", "*", "impersonate"), Group: pick(r, "", "apps", "*"),
				Resource:    pick(r, "pods", "secrets", "deployments", "serviceaccounts", "*", "nodes"),
				Subresource: pick(r, "", "", "exec", "token"), Name: pick(r, "", "x", anyName),
				Namespace: pick(r, "", "a", "b", clusterOnly)}
			if r.IntN(8) == 0 {
				req = Request{Verb: pick(r, "get", "*"), Path: pick(r, "/metrics", "/logs/kubelet", "/healthz")}
			}
			var want *Permission
			wide := false
			for _, pm := range s.permsOf(sub) {
				if want == nil && (pm.Namespace == "" || pm.Namespace == req.Namespace) && ruleAllows(&pm.Rule, req) {
					want = pm
				}
				wide = wide || pm.Namespace == "" && couldAllow(&pm.Rule, req)
			}
			got, ok := s.grant(sub, req)
			asked++
			switch {
			case ok != (want != nil):
				t.Fatalf("%v asks %v: granted %v, want %v", sub, req, ok, want != nil)
			case ok && (got.Binding != want.Binding || got.subject != want.subject || got.RuleIndex != want.RuleIndex):
				t.Fatalf("%v asks %v: granted by %v subject %d rule %d, want %v subject %d rule %d",
					sub, req, got.Binding, got.subject, got.RuleIndex, want.Binding, want.subject, want.RuleIndex)
			case ok:
				granted++
			}
			if c := s.couldAnyWide(sub, req); c != wide {
				t.Fatalf("%v asks %v: a cluster-wide grant could allow it: %v, want %v", sub, req, c, wide)
			}
			var nss []string
			names := map[string]bool{}
			escalates := false
			for _, pm := range s.permsOf(sub) {
				if pm.Namespace != "" && !slices.Contains(nss, pm.Namespace) {
					nss = append(nss, pm.Namespace)
				}
				if len(pm.Rule.ResourceNames) > 0 && (pm.Namespace == "" || pm.Namespace == req.Namespace) && couldAllow(&pm.Rule, req) {
					for _, n := range pm.Rule.ResourceNames {
						names[n] = true
					}
				}
				for _, res := range []string{"roles", "clusterroles"} {
					escalates = escalates || couldAllow(&pm.Rule, Request{Verb: "escalate", Group: Group, Resource: res})
				}
			}
			slices.Sort(nss)
			if got := s.namespacedIn(sub); !slices.Equal(got, nss) {
				t.Fatalf("%v holds namespaced grants in %v, want %v", sub, got, nss)
			}
			if got := s.namesFor(sub, req, req.Namespace); len(got) != len(names) || !maps.Equal(got, names) {
				t.Fatalf("%v asks %v: names %v, want %v", sub, req, got, names)
			}
			if got := s.couldEscalate(sub); got != escalates {
				t.Fatalf("%v could escalate: %v, want %v", sub, got, escalates)
			}
		}
	}
	if granted < asked/10 || granted > asked*9/10 {
		t.Fatalf("%d of %d requests granted: the random policies do not exercise both answers", granted, asked)
	}
}

// TestRankedAccountsPickAsTheFullComparison holds bestAmong's answers
// from the index of known accounts to walking every account each time:
// the same paths, words included, over random policies where many
// subjects may run pods as the same accounts.
func TestRankedAccountsPickAsTheFullComparison(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	found := 0
	for range 300 {
		p := randomPolicy(r)
		var x Extras
		for i := range 6 {
			ns := pick(r, "a", "b")
			x.ServiceAccounts = append(x.ServiceAccounts, kube.Ref{Kind: "ServiceAccount", Namespace: ns, Name: fmt.Sprint("sa", i)})
			x.Workloads = append(x.Workloads, Workload{Ref: kube.Ref{Kind: "Deployment", Namespace: ns, Name: fmt.Sprint("w", i)},
				ServiceAccount: pick(r, "default", "builder", fmt.Sprint("sa", i))})
		}
		ranked := p.Paths(x)
		useKnown = false
		full := p.Paths(x)
		useKnown = true
		if !reflect.DeepEqual(ranked, full) {
			t.Fatalf("from the index:\n%+v\nwalking the accounts:\n%+v", ranked, full)
		}
		found += len(full)
	}
	if found == 0 {
		t.Fatal("no paths in any random policy: the test compares nothing")
	}
}
