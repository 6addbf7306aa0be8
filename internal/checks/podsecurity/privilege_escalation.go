package podsecurity

import (
	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
)

// PrivilegeEscalation is the PSS restricted "Privilege Escalation" control.
var PrivilegeEscalation = &check.Check[kube.Container]{
	Meta: check.Meta{
		ID:       "privilege-escalation",
		Title:    "Privilege escalation not disabled",
		Severity: check.Medium, // needs a setuid binary or file capability in the image to be exploited
		Family:   Family,
		Description: "Unless allowPrivilegeEscalation is false, the container process may gain privileges its " +
			"parent does not have, through set-user-ID or set-group-ID binaries or file capabilities " +
			"(the no_new_privs flag stays off). The field defaults to true, so the restricted profile " +
			"requires every container to set it to false explicitly. Windows pods are exempt.",
		Remediation: "Set securityContext.allowPrivilegeEscalation: false on every container, init container and " +
			"ephemeral container.",
		Controls: []check.Control{
			{Framework: check.FrameworkPSS, ID: "restricted"},
			{Framework: check.FrameworkCIS, ID: "5.2.6"},
			{Framework: check.FrameworkNSA, ID: "pod-security"},
			{Framework: check.FrameworkMITRE, ID: "T1068"},
		},
		Peers: check.Peers{KubeLinter: "privilege-escalation-container", Polaris: "privilegeEscalationAllowed", Kubescape: "C-0016", Trivy: "KSV001", Checkov: "CKV_K8S_20"},
	},
	Run: func(p *check.Pass[kube.Container]) error {
		c := p.Subject
		if c.Workload.IsWindows() {
			return nil
		}
		switch sc := c.SecurityContext; {
		case sc == nil || sc.AllowPrivilegeEscalation == nil:
			p.Reportf(containerSCPath(c), "%s does not set securityContext.allowPrivilegeEscalation=false", c.Describe())
		case *sc.AllowPrivilegeEscalation:
			p.Reportf(c.Path+".securityContext.allowPrivilegeEscalation", "%s sets allowPrivilegeEscalation=true", c.Describe())
		}
		return nil
	},
}
