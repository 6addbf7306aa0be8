package workload

import (
	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
)

// AutomountServiceAccountToken reports pods that get an API token mounted.
var AutomountServiceAccountToken = &check.Check[*kube.Workload]{
	Meta: check.Meta{
		ID:       "automount-service-account-token",
		Title:    "Service account token automounted",
		Severity: check.Low,
		Family:   Family,
		Description: "The pod spec does not set automountServiceAccountToken to false, so a token for its service " +
			"account is mounted into every container. Anyone who gets code execution in any container can " +
			"use it against the API server with all the service account's permissions. Most applications " +
			"never call the API and do not need it. The ServiceAccount object can also turn automounting off; " +
			"this check looks only at the pod spec, where the setting also wins. The severity is low because " +
			"what the token allows depends on the RBAC bindings of the service account, which the RBAC " +
			"analysis reports.",
		Remediation: "Set spec.automountServiceAccountToken: false in the pod template of workloads that do not " +
			"call the Kubernetes API; for those that do, keep it and bind the service account to a minimal Role.",
		Controls: []check.Control{
			{Framework: check.FrameworkCIS, ID: "5.1.6"},
			{Framework: check.FrameworkNSA, ID: "service-account-tokens"},
			{Framework: check.FrameworkMITRE, ID: "T1528"},
			{Framework: check.FrameworkMITRE, ID: "T1552"},
		},
		Peers: check.Peers{Polaris: "automountServiceAccountToken", Kubescape: "C-0034", Trivy: "KSV036", Checkov: "CKV_K8S_38"},
	},
	Run: func(p *check.Pass[*kube.Workload]) error {
		w := p.Subject
		at := w.SpecPath + ".automountServiceAccountToken"
		sa, _ := serviceAccountOf(w)
		switch v := w.Spec.AutomountServiceAccountToken; {
		case v == nil:
			p.Reportf(at, "pod spec does not set automountServiceAccountToken: false; a token of service account %q is mounted into every container", sa)
		case *v:
			p.Reportf(at, "pod spec sets automountServiceAccountToken: true; a token of service account %q is mounted into every container", sa)
		}
		return nil
	},
}
