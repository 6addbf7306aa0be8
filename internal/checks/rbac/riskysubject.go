package rbac

import (
	"fmt"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
)

// everyone are the subjects that stand for whole populations of callers.
var everyone = map[string]string{
	"system:anonymous":       "every request without credentials",
	"system:unauthenticated": "every request without credentials",
	"system:authenticated":   "every authenticated caller, including every service account of the cluster",
}

// publicRoles are the ClusterRoles Kubernetes itself binds to everyone:
// discovery and self-review only.
var publicRoles = map[string]bool{
	"system:discovery":          true,
	"system:basic-user":         true,
	"system:public-info-viewer": true,
}

// BindingRiskySubject reports bindings that grant a role to anonymous,
// unauthenticated or all authenticated callers.
var BindingRiskySubject = &check.Check[*kube.Binding]{
	Meta: check.Meta{
		ID:       "rbac-binding-risky-subject",
		Title:    "Role bound to anonymous or all authenticated users",
		Severity: check.High,
		Family:   Family,
		Description: "A binding to system:anonymous or system:unauthenticated grants the role to " +
			"anyone who reaches the API server; one to system:authenticated grants it to every " +
			"user and every service account of every namespace. High: the role's permissions " +
			"become the least anyone has. The discovery roles Kubernetes binds this way itself " +
			"are not reported.",
		Remediation: "Bind the role to the specific users, groups or service accounts that need it.",
		Controls: []check.Control{
			{Framework: check.FrameworkNSA, ID: "rbac"},
			{Framework: check.FrameworkNSA, ID: "authentication"},
			{Framework: check.FrameworkMITRE, ID: "T1078"},
		},
		Peers: check.Peers{
			Kubescape: "C-0262, C-0265",
			Trivy:     "KSV122, KSV01011",
		},
	},
	Run: func(p *check.Pass[*kube.Binding]) error {
		b := p.Subject
		if b.Object.Group() != rbacGroup || (b.RoleRef.Kind == "ClusterRole" && publicRoles[b.RoleRef.Name]) {
			return nil
		}
		for i, s := range b.Subjects {
			who, ok := everyone[s.Name]
			if !ok || (s.Kind != "Group" && s.Kind != "User") {
				continue
			}
			p.Reportf(kube.Key(kube.Index("subjects", i), "name"), "grants %s to %s %s: %s",
				roleRefText(b), lower(s.Kind), s.Name, who)
		}
		return nil
	},
}

// roleRefText names the bound role and where it applies.
func roleRefText(b *kube.Binding) string {
	ref := fmt.Sprintf("%s %q", b.RoleRef.Kind, b.RoleRef.Name)
	switch {
	case b.Cluster:
		return ref + " cluster-wide"
	case b.Object.Namespace != "":
		return fmt.Sprintf("%s in namespace %q", ref, b.Object.Namespace)
	default:
		return ref + " in its namespace"
	}
}

func lower(kind string) string {
	if kind == "User" {
		return "user"
	}
	return "group"
}
