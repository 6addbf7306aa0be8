package workload

import (
	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
)

// DefaultServiceAccount reports pods that run as their namespace's default
// service account.
var DefaultServiceAccount = &check.Check[*kube.Workload]{
	Meta: check.Meta{
		ID:       "default-service-account",
		Title:    "Default service account used",
		Severity: check.Low,
		Family:   Family,
		Description: "The pod names no service account, or names \"default\", so it runs as the namespace's " +
			"default service account, shared by every other pod that does not choose one. Any permission " +
			"granted to it for one workload is granted to all of them, and access cannot be audited or " +
			"revoked per workload.",
		Remediation: "Create a ServiceAccount for the workload, set spec.serviceAccountName to it, and grant it " +
			"only what the workload needs; leave the default service account without bindings.",
		Controls: []check.Control{
			{Framework: check.FrameworkCIS, ID: "5.1.5"},
			{Framework: check.FrameworkNSA, ID: "service-account-tokens"},
			{Framework: check.FrameworkMITRE, ID: "T1078"},
		},
		Peers: check.Peers{KubeLinter: "default-service-account", Kubescape: "C-0189", Checkov: "CKV_K8S_41"},
	},
	Run: func(p *check.Pass[*kube.Workload]) error {
		w := p.Subject
		name, at := serviceAccountOf(w)
		switch {
		case name != "default":
		case w.Spec.ServiceAccountName == "" && w.Spec.DeprecatedServiceAccount == "":
			p.Reportf(at, "pod spec names no service account, so it runs as the namespace's \"default\" service account")
		default:
			p.Reportf(at, "pod spec uses the namespace's \"default\" service account")
		}
		return nil
	},
}
