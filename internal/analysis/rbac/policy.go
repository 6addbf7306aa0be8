package rbac

import (
	"cmp"
	"slices"
	"sync"

	rbacv1 "k8s.io/api/rbac/v1"

	"github.com/kubeward/kubeward/internal/kube"
)

// Role is a Role or ClusterRole of the policy.
type Role struct {
	Ref             kube.Ref
	Location        kube.Location
	Labels          map[string]string
	Rules           []rbacv1.PolicyRule
	AggregationRule *rbacv1.AggregationRule
}

// Cluster reports whether the role is a ClusterRole.
func (r *Role) Cluster() bool { return r.Ref.Kind == "ClusterRole" }

// Binding is a RoleBinding or ClusterRoleBinding of the policy.
type Binding struct {
	Ref      kube.Ref
	Location kube.Location
	Subjects []rbacv1.Subject
	RoleRef  rbacv1.RoleRef
	// SubjectLocations are where each subject stands in the input, when
	// known; findings about a subject point there.
	SubjectLocations []kube.Location
}

// Cluster reports whether the binding is a ClusterRoleBinding.
func (b *Binding) Cluster() bool { return b.Ref.Kind == "ClusterRoleBinding" }

// Inventory is the RBAC objects a policy is made of.
type Inventory struct {
	Roles    []*Role
	Bindings []*Binding
}

// Add appends the objects of another inventory.
func (inv *Inventory) Add(o *Inventory) {
	inv.Roles = append(inv.Roles, o.Roles...)
	inv.Bindings = append(inv.Bindings, o.Bindings...)
}

type roleKey struct{ kind, namespace, name string }

func keyOf(r kube.Ref) roleKey {
	if r.Kind == "ClusterRole" {
		return roleKey{r.Kind, "", r.Name}
	}
	return roleKey{r.Kind, r.Namespace, r.Name}
}

// Policy is an inventory made ready for questions: roles indexed, the
// aggregated ClusterRoles filled in, bindings grouped by namespace.
type Policy struct {
	roles map[roleKey]*Role
	// rules are the effective rules of each role: its own, or for an
	// aggregated ClusterRole those the aggregation controller puts there.
	rules     map[roleKey][]rbacv1.PolicyRule
	cluster   []*Binding
	namespace map[string][]*Binding
	bindings  []*Binding
	// byName indexes bindings by the identities their subjects name
	// (see bindingsNaming).
	byName     map[string][]int
	byNameOnce sync.Once
	// grants are the permissions of each binding subject, made once
	// (see grantedBy).
	grants   map[[2]int][]*Permission
	grantsMu sync.Mutex
	// Assumed names the built-in roles that bindings refer to but the
	// inventory lacks, and whose rules the policy took from Kubernetes'
	// defaults (cluster-admin).
	Assumed []string
}

// builtinClusterAdmin is the rules of the cluster-admin ClusterRole every
// cluster has: manifests bind to it without defining it.
var builtinClusterAdmin = []rbacv1.PolicyRule{
	{APIGroups: []string{"*"}, Resources: []string{"*"}, Verbs: []string{"*"}},
	{NonResourceURLs: []string{"*"}, Verbs: []string{"*"}},
}

// NewPolicy indexes an inventory. When two roles share a name (a scan of
// several projects' manifests), the first one read wins.
func NewPolicy(inv *Inventory) *Policy {
	p := &Policy{roles: map[roleKey]*Role{}, namespace: map[string][]*Binding{}}
	for _, r := range inv.Roles {
		k := keyOf(r.Ref)
		if _, dup := p.roles[k]; !dup {
			p.roles[k] = r
		}
	}
	p.rules = aggregate(p.roles)
	bindings := slices.Clone(inv.Bindings)
	slices.SortStableFunc(bindings, func(a, b *Binding) int {
		return cmp.Or(cmp.Compare(a.Ref.Kind, b.Ref.Kind), // ClusterRoleBindings first
			cmp.Compare(a.Ref.Namespace, b.Ref.Namespace), cmp.Compare(a.Ref.Name, b.Ref.Name))
	})
	p.bindings = bindings
	for _, b := range bindings {
		if b.Cluster() {
			p.cluster = append(p.cluster, b)
		} else {
			p.namespace[b.Ref.Namespace] = append(p.namespace[b.Ref.Namespace], b)
		}
		if b.RoleRef.Kind == "ClusterRole" && b.RoleRef.Name == "cluster-admin" {
			if _, ok := p.rules[roleKey{"ClusterRole", "", "cluster-admin"}]; !ok {
				p.rules[roleKey{"ClusterRole", "", "cluster-admin"}] = builtinClusterAdmin
				p.Assumed = append(p.Assumed, "ClusterRole cluster-admin")
			}
		}
	}
	return p
}

// roleOf resolves a binding's roleRef as the authorizer does: a
// ClusterRoleBinding may only refer to a ClusterRole, a RoleBinding to a
// ClusterRole or to a Role of its own namespace. ok is false when the role
// does not exist (the binding then grants nothing).
func (p *Policy) roleOf(b *Binding) (roleKey, []rbacv1.PolicyRule, bool) {
	var k roleKey
	switch {
	case b.RoleRef.Kind == "ClusterRole":
		k = roleKey{"ClusterRole", "", b.RoleRef.Name}
	case b.RoleRef.Kind == "Role" && !b.Cluster():
		k = roleKey{"Role", b.Ref.Namespace, b.RoleRef.Name}
	default:
		return k, nil, false
	}
	rules, ok := p.rules[k]
	return k, rules, ok
}

// roleRef returns the Ref of a resolved role for output.
func (k roleKey) ref() kube.Ref {
	return kube.Ref{APIVersion: "rbac.authorization.k8s.io/v1", Kind: k.kind, Namespace: k.namespace, Name: k.name}
}

// Role returns a role of the policy by kind, namespace and name.
func (p *Policy) Role(kind, namespace, name string) (*Role, bool) {
	r, ok := p.roles[roleKey{kind, namespace, name}]
	return r, ok
}

// Bindings returns every binding of the policy, ClusterRoleBindings first.
func (p *Policy) Bindings() []*Binding { return p.bindings }
