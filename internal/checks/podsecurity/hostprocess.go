package podsecurity

import (
	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
)

// HostProcess is the PSS baseline "HostProcess" control: Windows
// HostProcess containers run directly on the node.
var HostProcess = &check.Check[*kube.Workload]{
	Meta: check.Meta{
		ID:       "host-process",
		Title:    "Windows HostProcess container",
		Severity: check.Critical, // a HostProcess container is a process on the node, with the node's privileges
		Family:   Family,
		Description: "A Windows HostProcess container is not isolated from the node: it runs as a process " +
			"of the host, sees the host's file system and network, and can act as SYSTEM. " +
			"The baseline profile forbids it at the pod and at the container level.",
		Remediation: "Remove securityContext.windowsOptions.hostProcess from the pod and its containers, or set it " +
			"to false; run node agents that need host access in a namespace exempt from the policy.",
		Controls: []check.Control{
			{Framework: check.FrameworkPSS, ID: "baseline"},
			{Framework: check.FrameworkCIS, ID: "5.2.10"},
			{Framework: check.FrameworkNSA, ID: "pod-security"},
			{Framework: check.FrameworkMITRE, ID: "T1611"},
		},
		Peers: check.Peers{Polaris: "hostProcess", Kubescape: "C-0202", Trivy: "KSV103"},
	},
	Run: func(p *check.Pass[*kube.Workload]) error {
		w := p.Subject
		if sc := w.Spec.SecurityContext; sc != nil && sc.WindowsOptions != nil && isTrue(sc.WindowsOptions.HostProcess) {
			p.Report(podSCPath(w)+".windowsOptions.hostProcess", "pod sets securityContext.windowsOptions.hostProcess=true")
		}
		for _, c := range w.Containers() {
			if sc := c.SecurityContext; sc != nil && sc.WindowsOptions != nil && isTrue(sc.WindowsOptions.HostProcess) {
				p.Reportf(c.Path+".securityContext.windowsOptions.hostProcess",
					"%s sets securityContext.windowsOptions.hostProcess=true", c.Describe())
			}
		}
		return nil
	},
}

func isTrue(b *bool) bool { return b != nil && *b }
