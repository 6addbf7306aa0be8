package rbac

import (
	"fmt"
	"path/filepath"
	"slices"

	rbacv1 "k8s.io/api/rbac/v1"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
)

// roleKey names a role the way a roleRef does: a ClusterRole has no
// namespace, a Role is looked up in its binding's namespace.
type roleKey struct {
	kind, namespace, name string
}

// roleFact is a role of the scan: rule is the index of a rule granting
// every verb on every resource of every group, -1 when it has none.
type roleFact struct {
	key  roleKey
	rule int
}

// adminBinding is a binding with what a finding about it needs.
type adminBinding struct {
	ref      roleKey
	text     string // the role it grants and to whom
	location kube.Location
}

// WildcardAdminBinding reports bindings to a role, found in the same scan,
// that grants "*" on "*": cluster-admin under another name.
var WildcardAdminBinding = &check.Analyzer{
	Meta: check.Meta{
		ID:       "rbac-wildcard-admin-binding",
		Title:    "Binding to a role equal to cluster-admin",
		Severity: check.High,
		Family:   Family,
		Description: "A role with verbs, resources and apiGroups all \"*\" is cluster-admin in all " +
			"but name, and a check for bindings to cluster-admin misses it. The role is looked up " +
			"among the objects of the same scan. High, as for cluster-admin: whoever compromises " +
			"a bound subject owns what it is bound to.",
		Remediation: "Replace the wildcard rule with the resources and verbs the subject needs, " +
			"or bind a narrower role.",
		Controls: []check.Control{
			{Framework: check.FrameworkCIS, ID: "5.1.1"},
			{Framework: check.FrameworkCIS, ID: "5.1.3"},
			{Framework: check.FrameworkNSA, ID: "rbac"},
			{Framework: check.FrameworkMITRE, ID: "T1078"},
		},
		Peers: check.Peers{
			Polaris:   "clusterrolebindingClusterAdmin, rolebindingClusterAdminClusterRole, rolebindingClusterAdminRole",
			Kubescape: "C-0035",
			Trivy:     "KSV044",
		},
	},
	Kinds:   []string{"Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding"},
	Collect: collectAdmin,
	Analyze: analyzeAdmin,
}

func collectAdmin(o *kube.Object) ([]check.Fact, error) {
	if o.Group() != rbacGroup {
		return nil, nil
	}
	if o.Kind == "Role" || o.Kind == "ClusterRole" {
		return collectRole(o)
	}
	return collectBinding(o)
}

func collectRole(o *kube.Object) ([]check.Fact, error) {
	roles, err := kube.Subjects[*kube.Role](o)
	if err != nil || len(roles) == 0 {
		return nil, err
	}
	key := roleKey{kind: o.Kind, name: o.Name}
	if o.Kind == "Role" {
		key.namespace = o.Namespace
	}
	// Every role is kept, not only the admin ones: a binding must resolve
	// to the role its own manifests define (see nearest).
	fact := roleFact{key: key, rule: slices.IndexFunc(resourceRules(roles[0]), everything)}
	return []check.Fact{{Object: check.Shell(o), Value: fact}}, nil
}

func collectBinding(o *kube.Object) ([]check.Fact, error) {
	bindings, err := kube.Subjects[*kube.Binding](o)
	if err != nil || len(bindings) == 0 {
		return nil, err
	}
	b := bindings[0]
	if b.RoleRef.Kind == "ClusterRole" && b.RoleRef.Name == "cluster-admin" {
		return nil, nil // rbac-cluster-admin-binding reports these
	}
	ref := roleKey{kind: b.RoleRef.Kind, name: b.RoleRef.Name}
	if ref.kind == "Role" {
		ref.namespace = o.Namespace
	}
	text := fmt.Sprintf("grants %s to %s", roleRefText(b), subjectsText(b.Subjects, o.Namespace))
	return []check.Fact{{Object: check.Shell(o), Value: adminBinding{ref: ref, text: text, location: o.Locate("roleRef.name")}}}, nil
}

// everything reports whether a rule grants every verb on every resource.
func everything(r rbacv1.PolicyRule) bool {
	return slices.Contains(r.Verbs, "*") && slices.Contains(r.Resources, "*") &&
		slices.Contains(r.APIGroups, "*") && len(r.ResourceNames) == 0
}

type placedRole struct {
	roleFact
	file string
}

func analyzeAdmin(facts []check.Fact, report func(*kube.Object, check.Finding)) {
	roles := map[roleKey][]placedRole{}
	for _, f := range facts {
		if r, ok := f.Value.(roleFact); ok {
			roles[r.key] = append(roles[r.key], placedRole{r, f.Object.Location.File})
		}
	}
	for _, f := range facts {
		b, ok := f.Value.(adminBinding)
		if !ok {
			continue
		}
		bound := nearest(roles[b.ref], f.Object.Location.File)
		if len(bound) == 0 || slices.ContainsFunc(bound, func(r placedRole) bool { return r.rule < 0 }) {
			continue
		}
		report(f.Object, check.Finding{Path: "roleRef.name", Location: b.location,
			Message: fmt.Sprintf(`%s: its rules[%d] grants every verb on every resource ("*" on "*"), as cluster-admin does`, b.text, bound[0].rule)})
	}
}

// nearest picks, among roles of the same name, those a binding in file
// most likely refers to: a scan of many projects' manifests can hold
// several roles called "manager-role". Roles of the same file win, then
// of the same directory, then all of them.
func nearest(roles []placedRole, file string) []placedRole {
	if len(roles) <= 1 {
		return roles
	}
	for _, same := range []func(string) bool{
		func(f string) bool { return f == file },
		func(f string) bool { return filepath.Dir(f) == filepath.Dir(file) },
	} {
		var out []placedRole
		for _, r := range roles {
			if same(r.file) {
				out = append(out, r)
			}
		}
		if len(out) > 0 {
			return out
		}
	}
	return roles
}
