package rbac

import (
	"slices"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
)

var secrets = resource{group: "", name: "secrets"}

// SecretsRead reports rules that let a subject read Secrets.
var SecretsRead = &check.Check[*kube.Role]{
	Meta: check.Meta{
		ID:       "rbac-secrets-read",
		Title:    "Role can read Secrets",
		Severity: check.High,
		Family:   Family,
		Description: "get, list or watch on secrets reads their content: credentials, TLS keys and " +
			"service-account tokens, often of accounts more privileged than the reader. list and " +
			"watch return every Secret in scope at once; get needs a name, which is usually easy to " +
			"guess. High: reading the right Secret is a common path to cluster-admin. A rule limited " +
			"by resourceNames reads only the named Secrets and is not reported.",
		Remediation: "Grant get on the specific Secrets the subject needs, with resourceNames, " +
			"or mount them into the workload instead of reading them through the API.",
		Controls: []check.Control{
			{Framework: check.FrameworkCIS, ID: "5.1.2"},
			{Framework: check.FrameworkNSA, ID: "rbac"},
			{Framework: check.FrameworkMITRE, ID: "T1552"},
		},
		Peers: check.Peers{
			KubeLinter: "access-to-secrets",
			Kubescape:  "C-0015, C-0186",
			Trivy:      "KSV041, KSV113",
		},
	},
	Run: func(p *check.Pass[*kube.Role]) error {
		for _, g := range grants(p.Subject, []string{"get", "list", "watch"}, secrets) {
			if len(g.names) > 0 {
				continue
			}
			if slices.Contains(g.verbs, "list") || slices.Contains(g.verbs, "watch") {
				p.Reportf(g.path(), "grants %s: returns the content of every Secret %s", g.describe(), scope(p.Subject))
			} else {
				p.Reportf(g.path(), "grants %s: reads any Secret whose name is known, %s", g.describe(), scope(p.Subject))
			}
		}
		return nil
	},
}
