package podsecurity

import (
	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
)

// Privileged is the PSS baseline "Privileged Containers" control.
var Privileged = &check.Check[kube.Container]{
	Meta: check.Meta{
		ID:       "privileged-container",
		Title:    "Privileged container",
		Severity: check.Critical,
		Family:   Family,
		Description: "A privileged container has every capability and access to all host devices; " +
			"escaping to the node from it is trivial.",
		Remediation: "Remove securityContext.privileged or set it to false.",
		Controls: []check.Control{
			{Framework: check.FrameworkPSS, ID: "baseline"},
			{Framework: check.FrameworkCIS, ID: "5.2.2"},
			{Framework: check.FrameworkNSA, ID: "pod-security"},
			{Framework: check.FrameworkMITRE, ID: "T1611"},
		},
		Peers: check.Peers{KubeLinter: "privileged-container", Polaris: "runAsPrivileged", Kubescape: "C-0057", Trivy: "KSV017", Checkov: "CKV_K8S_16"},
	},
	Run: func(p *check.Pass[kube.Container]) error {
		c := p.Subject
		if sc := c.SecurityContext; sc != nil && sc.Privileged != nil && *sc.Privileged {
			p.Reportf(c.Path+".securityContext.privileged", "%s runs privileged", c.Describe())
		}
		return nil
	},
}
