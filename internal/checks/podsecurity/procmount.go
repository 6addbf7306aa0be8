package podsecurity

import (
	corev1 "k8s.io/api/core/v1"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
)

// ProcMount is the PSS baseline "/proc Mount Type" control. Since
// Kubernetes 1.35 baseline lets pods in a user namespace (hostUsers: false)
// unmask /proc; ProcMountRestricted covers those pods at the restricted level,
// so one offending field yields one finding.
var ProcMount = &check.Check[kube.Container]{
	Meta: check.Meta{
		ID:       "proc-mount",
		Title:    "Container unmasks /proc",
		Severity: check.Medium, // widens the kernel interface; an escape needs more than this alone
		Family:   Family,
		Description: "The runtime masks and makes read-only the parts of /proc that expose the node's kernel " +
			"(/proc/sys, /proc/kcore, /proc/sysrq-trigger...). procMount: Unmasked removes those masks. The " +
			"baseline profile requires the Default proc mount, unless the pod runs in its own user namespace.",
		Remediation: "Remove securityContext.procMount or set it to Default.",
		Controls: []check.Control{
			{Framework: check.FrameworkPSS, ID: "baseline"},
			{Framework: check.FrameworkNSA, ID: "pod-security"},
			{Framework: check.FrameworkMITRE, ID: "T1611"},
		},
		Peers: check.Peers{KubeLinter: "unsafe-proc-mount", Polaris: "procMount", Trivy: "KSV027"},
	},
	Run: func(p *check.Pass[kube.Container]) error {
		if userNamespaced(p.Subject.Workload) {
			return nil
		}
		reportProcMount(p)
		return nil
	},
}

// ProcMountRestricted is the restricted "/proc Mount Type" control for the
// pods baseline exempts: those in a user namespace.
var ProcMountRestricted = &check.Check[kube.Container]{
	Meta: check.Meta{
		ID:       "proc-mount-restricted",
		Title:    "Container in a user namespace unmasks /proc",
		Severity: check.Low, // inside a user namespace the unmasked files no longer reach the node as root
		Family:   Family,
		Description: "Pods that run in their own user namespace (hostUsers: false) may unmask /proc under the " +
			"baseline profile, since root in the pod is not root on the node. The restricted profile still " +
			"requires the Default proc mount for them, to keep the kernel interface small.",
		Remediation: "Remove securityContext.procMount or set it to Default.",
		Controls: []check.Control{
			{Framework: check.FrameworkPSS, ID: "restricted"},
			{Framework: check.FrameworkNSA, ID: "pod-security"},
		},
	},
	Run: func(p *check.Pass[kube.Container]) error {
		if !userNamespaced(p.Subject.Workload) {
			return nil
		}
		reportProcMount(p)
		return nil
	},
}

func reportProcMount(p *check.Pass[kube.Container]) {
	c := p.Subject
	if sc := c.SecurityContext; sc != nil && sc.ProcMount != nil && *sc.ProcMount != corev1.DefaultProcMount {
		p.Reportf(c.Path+".securityContext.procMount", "%s sets procMount %q", c.Describe(), string(*sc.ProcMount))
	}
}
