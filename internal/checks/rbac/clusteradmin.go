package rbac

import (
	"fmt"
	"strings"

	rbacv1 "k8s.io/api/rbac/v1"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
)

// ClusterAdminBinding reports bindings to the built-in cluster-admin role.
var ClusterAdminBinding = &check.Check[*kube.Binding]{
	Meta: check.Meta{
		ID:       "rbac-cluster-admin-binding",
		Title:    "Binding to cluster-admin",
		Severity: check.High,
		Family:   Family,
		Description: "cluster-admin allows every verb on every resource. Bound by a " +
			"ClusterRoleBinding it is full control of the cluster; by a RoleBinding, full control " +
			"of the namespace, its roles and bindings included. High: whoever compromises a bound " +
			"subject owns what it is bound to. The bootstrap binding of system:masters, which " +
			"Kubernetes creates itself, is not reported.",
		Remediation: "Bind a role that grants only what the subject needs; keep cluster-admin " +
			"for break-glass access.",
		Controls: []check.Control{
			{Framework: check.FrameworkCIS, ID: "5.1.1"},
			{Framework: check.FrameworkNSA, ID: "rbac"},
			{Framework: check.FrameworkMITRE, ID: "T1078"},
		},
		Peers: check.Peers{
			KubeLinter: "cluster-admin-role-binding",
			Polaris:    "clusterrolebindingClusterAdmin, rolebindingClusterAdminClusterRole",
			Kubescape:  "C-0035, C-0185",
			Trivy:      "KSV111",
		},
	},
	Run: func(p *check.Pass[*kube.Binding]) error {
		b := p.Subject
		if b.Object.Group() != rbacGroup || b.RoleRef.Kind != "ClusterRole" || b.RoleRef.Name != "cluster-admin" || bootstrapAdmin(b) {
			return nil
		}
		p.Reportf("roleRef.name", "grants %s to %s: every verb on every resource", roleRefText(b), subjectsText(b.Subjects, b.Object.Namespace))
		return nil
	},
}

// bootstrapAdmin is the ClusterRoleBinding the API server creates for the
// system:masters group, which RBAC does not even consult.
func bootstrapAdmin(b *kube.Binding) bool {
	if !b.Cluster || b.Object.Name != "cluster-admin" || len(b.Subjects) == 0 {
		return false
	}
	for _, s := range b.Subjects {
		if s.Kind != "Group" || s.Name != "system:masters" {
			return false
		}
	}
	return true
}

// subjectsText names a binding's subjects for a message, a few at most.
func subjectsText(subjects []rbacv1.Subject, namespace string) string {
	if len(subjects) == 0 {
		return "no subject"
	}
	const shown = 3
	var parts []string
	for i, s := range subjects {
		if i == shown {
			parts = append(parts, fmt.Sprintf("%d more", len(subjects)-shown))
			break
		}
		switch s.Kind {
		case "ServiceAccount":
			ns := s.Namespace
			if ns == "" {
				ns = namespace
			}
			if ns == "" {
				parts = append(parts, "service account "+s.Name)
			} else {
				parts = append(parts, "service account "+ns+"/"+s.Name)
			}
		default:
			parts = append(parts, strings.ToLower(s.Kind)+" "+s.Name)
		}
	}
	return strings.Join(parts, ", ")
}
