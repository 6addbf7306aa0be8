package rbac

import (
	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
)

var serviceAccountToken = resource{group: "", name: "serviceaccounts/token"}

// TokenCreate reports rules that mint service-account tokens.
var TokenCreate = &check.Check[*kube.Role]{
	Meta: check.Meta{
		ID:       "rbac-token-create",
		Title:    "Role can create service-account tokens",
		Severity: check.High,
		Family:   Family,
		Description: "create on serviceaccounts/token issues a token for a service account, so the " +
			"subject can act as any service account in scope, including the most privileged one. " +
			"High: it is impersonation of service accounts by another name. A rule limited by " +
			"resourceNames issues tokens for the named accounts only and is not reported.",
		Remediation: "Remove create on serviceaccounts/token, or restrict it with resourceNames " +
			"to the service accounts the subject must issue tokens for.",
		Controls: []check.Control{
			{Framework: check.FrameworkCIS, ID: "5.1.13"},
			{Framework: check.FrameworkNSA, ID: "rbac"},
			{Framework: check.FrameworkMITRE, ID: "T1528"},
		},
		Peers: check.Peers{
			Kubescape: "C-0282",
		},
	},
	Run: func(p *check.Pass[*kube.Role]) error {
		for _, g := range grants(p.Subject, []string{"create"}, serviceAccountToken) {
			if len(g.names) > 0 {
				continue // tokens for the named accounts only: the way to grant it
			}
			p.Reportf(g.path(), "grants %s: can obtain a token for any service account %s", g.describe(), scope(p.Subject))
		}
		return nil
	},
}
