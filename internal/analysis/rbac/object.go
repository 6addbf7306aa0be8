package rbac

import (
	"github.com/kubeward/kubeward/internal/kube"
)

// Group is the API group of RBAC objects: a kind named Role in another
// group is some custom resource.
const Group = "rbac.authorization.k8s.io"

// IsRBAC reports whether an object of this apiVersion and kind belongs in
// an Inventory.
func IsRBAC(apiVersion, kind string) bool {
	switch kind {
	case "Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding":
		g, _, _ := cut(apiVersion)
		return g == Group
	}
	return false
}

func cut(apiVersion string) (group, version string, ok bool) {
	for i := 0; i < len(apiVersion); i++ {
		if apiVersion[i] == '/' {
			return apiVersion[:i], apiVersion[i+1:], true
		}
	}
	return "", apiVersion, false
}

// AddObject adds an RBAC object read from a file or a cluster to the
// inventory; other objects are ignored. Field positions are resolved now,
// while the object has its YAML tree.
func (inv *Inventory) AddObject(o *kube.Object) error {
	if !IsRBAC(o.APIVersion, o.Kind) {
		return nil
	}
	switch o.Kind {
	case "Role", "ClusterRole":
		rs, err := kube.Subjects[*kube.Role](o)
		if err != nil || len(rs) == 0 {
			return err
		}
		inv.Roles = append(inv.Roles, &Role{Ref: o.Ref, Location: o.Location, Labels: o.Meta.Labels,
			Rules: rs[0].Rules, AggregationRule: rs[0].AggregationRule})
	default:
		bs, err := kube.Subjects[*kube.Binding](o)
		if err != nil || len(bs) == 0 {
			return err
		}
		b := &Binding{Ref: o.Ref, Location: o.Location, Subjects: bs[0].Subjects, RoleRef: bs[0].RoleRef}
		for i := range b.Subjects {
			b.SubjectLocations = append(b.SubjectLocations, o.Locate(kube.Index("subjects", i)))
		}
		inv.Bindings = append(inv.Bindings, b)
	}
	return nil
}
