package rbac

import (
	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
)

var webhookConfigs = []resource{
	{group: "admissionregistration.k8s.io", name: "validatingwebhookconfigurations", cluster: true},
	{group: "admissionregistration.k8s.io", name: "mutatingwebhookconfigurations", cluster: true},
}

// WebhookConfigWrite reports rules that change admission webhook
// configurations.
var WebhookConfigWrite = &check.Check[*kube.Role]{
	Meta: check.Meta{
		ID:       "rbac-webhook-config-write",
		Title:    "Role can change admission webhooks",
		Severity: check.High,
		Family:   Family,
		Description: "Writing a webhook configuration decides which server sees, and for a " +
			"mutating webhook rewrites, every matching API request (Secrets included), or removes " +
			"a policy webhook altogether. High: it is control over admission for the whole " +
			"cluster. A grant limited by resourceNames is still reported, naming them: whoever " +
			"can rewrite one webhook can make it match every request.",
		Remediation: "Remove write verbs on webhook configurations. An operator that only " +
			"injects its CA bundle needs update or patch, limited with resourceNames to its own " +
			"configurations; review that grant and except it.",
		Controls: []check.Control{
			{Framework: check.FrameworkCIS, ID: "5.1.12"},
			{Framework: check.FrameworkNSA, ID: "rbac"},
			{Framework: check.FrameworkMITRE, ID: "T1562"},
		},
		Peers: check.Peers{
			Kubescape: "C-0281",
			Trivy:     "KSV114",
			Checkov:   "CKV_K8S_155",
		},
	},
	Run: func(p *check.Pass[*kube.Role]) error {
		verbs := []string{"create", "update", "patch", "delete", "deletecollection"}
		for _, g := range grants(p.Subject, verbs, webhookConfigs...) {
			p.Reportf(g.path(), "grants %s: controls which webhooks see and change API requests", g.describe())
		}
		return nil
	},
}
