package rbac

import (
	"fmt"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
)

// DefaultServiceAccountBinding reports bindings that grant a role to a
// namespace's default service account.
var DefaultServiceAccountBinding = &check.Check[*kube.Binding]{
	Meta: check.Meta{
		ID:       "rbac-default-service-account-binding",
		Title:    "Role bound to a default service account",
		Severity: check.Medium,
		Family:   Family,
		Description: "Every pod that names no service account runs as its namespace's default " +
			"one, so a role bound to it goes to every such pod, present and future, whoever " +
			"deploys it. Medium: the risk is the role's permissions spreading silently; its own " +
			"dangers are reported on the role.",
		Remediation: "Create a dedicated service account for the workload that needs the role, " +
			"bind the role to it and set serviceAccountName on the workload.",
		Controls: []check.Control{
			{Framework: check.FrameworkCIS, ID: "5.1.5"},
			{Framework: check.FrameworkNSA, ID: "rbac"},
			{Framework: check.FrameworkNSA, ID: "service-account-tokens"},
			{Framework: check.FrameworkMITRE, ID: "T1078"},
		},
		Peers: check.Peers{
			Checkov: "CKV_K8S_42",
		},
	},
	Run: func(p *check.Pass[*kube.Binding]) error {
		b := p.Subject
		if b.Object.Group() != rbacGroup {
			return nil
		}
		for i, s := range b.Subjects {
			if s.Kind != "ServiceAccount" || s.Name != "default" {
				continue
			}
			ns := s.Namespace
			if ns == "" {
				ns = b.Object.Namespace
			}
			of := "of its namespace"
			if ns != "" {
				of = fmt.Sprintf("of namespace %q", ns)
			}
			p.Reportf(kube.Key(kube.Index("subjects", i), "name"),
				"grants %s to the default service account %s: every pod there without serviceAccountName gets it",
				roleRefText(b), of)
		}
		return nil
	},
}
