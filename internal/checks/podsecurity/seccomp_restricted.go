package podsecurity

import (
	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
)

// SeccompRestricted is the PSS restricted "Seccomp" control: a profile must
// be in force for every container, from the pod or from the container.
var SeccompRestricted = &check.Check[*kube.Workload]{
	Meta: check.Meta{
		ID:       "seccomp-restricted",
		Title:    "Seccomp profile not set",
		Severity: check.Medium, // without a profile the container may reach every syscall, unless the node defaults one
		Family:   Family,
		Description: "Without a seccomp profile a container may make any system call, which leaves the kernel's " +
			"whole attack surface open to it (nodes only apply the runtime default to every pod when the " +
			"kubelet runs with seccompDefault). The restricted profile requires seccompProfile.type " +
			"RuntimeDefault or Localhost, at the pod level or on every container; a container that sets " +
			"another type fails even when the pod sets a valid one. Windows pods are exempt.",
		Remediation: "Set spec.securityContext.seccompProfile.type: RuntimeDefault (or Localhost with a " +
			"reviewed profile) and remove other types from containers.",
		Controls: []check.Control{
			{Framework: check.FrameworkPSS, ID: "restricted"},
			{Framework: check.FrameworkCIS, ID: "5.6.2"},
			{Framework: check.FrameworkNSA, ID: "pod-security"},
			{Framework: check.FrameworkMITRE, ID: "T1611"},
			{Framework: check.FrameworkMITRE, ID: "T1068"},
		},
		Peers: check.Peers{Kubescape: "C-0210", Trivy: "KSV030", Checkov: "CKV_K8S_31"},
	},
	Run: func(p *check.Pass[*kube.Workload]) error {
		w := p.Subject
		if w.IsWindows() {
			return nil
		}
		podSet := false
		if sc := w.Spec.SecurityContext; sc != nil && sc.SeccompProfile != nil {
			if allowedSeccomp(sc.SeccompProfile.Type) {
				podSet = true
			} else {
				p.Reportf(podSCPath(w)+".seccompProfile.type", "pod sets seccomp profile type %q", string(sc.SeccompProfile.Type))
			}
		}
		for _, c := range w.Containers() {
			switch sc := c.SecurityContext; {
			case sc != nil && sc.SeccompProfile != nil:
				if !allowedSeccomp(sc.SeccompProfile.Type) {
					p.Reportf(c.Path+".securityContext.seccompProfile.type",
						"%s sets seccomp profile type %q", c.Describe(), string(sc.SeccompProfile.Type))
				}
			case !podSet:
				p.Reportf(containerSCPath(c),
					"%s sets no seccomp profile, and neither does the pod (RuntimeDefault or Localhost required)", c.Describe())
			}
		}
		return nil
	},
}
