package podsecurity

import (
	corev1 "k8s.io/api/core/v1"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
)

// SeccompBaseline is the PSS baseline "Seccomp" control: a profile may be
// left unset, but one that is set must not be Unconfined.
var SeccompBaseline = &check.Check[*kube.Workload]{
	Meta: check.Meta{
		ID:       "seccomp-baseline",
		Title:    "Seccomp explicitly disabled",
		Severity: check.Medium, // opens the full syscall surface to kernel exploits
		Family:   Family,
		Description: "A seccomp profile filters the system calls a container may make, which blocks many kernel " +
			"exploits. Setting seccompProfile.type to Unconfined turns the filter off even on nodes that apply " +
			"the runtime default to every pod. The baseline profile allows only RuntimeDefault and Localhost " +
			"when a profile is set, at the pod and at the container level.",
		Remediation: "Set seccompProfile.type to RuntimeDefault (or Localhost with a reviewed profile), or remove " +
			"the Unconfined profile.",
		Controls: []check.Control{
			{Framework: check.FrameworkPSS, ID: "baseline"},
			{Framework: check.FrameworkNSA, ID: "pod-security"},
			{Framework: check.FrameworkMITRE, ID: "T1611"},
			{Framework: check.FrameworkMITRE, ID: "T1068"},
		},
		Peers: check.Peers{Trivy: "KSV104"},
	},
	Run: func(p *check.Pass[*kube.Workload]) error {
		w := p.Subject
		if sc := w.Spec.SecurityContext; sc != nil && sc.SeccompProfile != nil && !allowedSeccomp(sc.SeccompProfile.Type) {
			p.Reportf(podSCPath(w)+".seccompProfile.type", "pod sets seccomp profile type %q", string(sc.SeccompProfile.Type))
		}
		for _, c := range w.Containers() {
			if sc := c.SecurityContext; sc != nil && sc.SeccompProfile != nil && !allowedSeccomp(sc.SeccompProfile.Type) {
				p.Reportf(c.Path+".securityContext.seccompProfile.type",
					"%s sets seccomp profile type %q", c.Describe(), string(sc.SeccompProfile.Type))
			}
		}
		return nil
	},
}

func allowedSeccomp(t corev1.SeccompProfileType) bool {
	return t == corev1.SeccompProfileTypeRuntimeDefault || t == corev1.SeccompProfileTypeLocalhost
}
