package podsecurity

import (
	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
)

// RunAsNonRootUser is the PSS restricted "Running as Non-root user" control.
var RunAsNonRootUser = &check.Check[*kube.Workload]{
	Meta: check.Meta{
		ID:       "run-as-non-root-user",
		Title:    "Container runs as UID 0",
		Severity: check.Medium, // an explicit request for root, not just a missing guard
		Family:   Family,
		Description: "runAsUser: 0 runs the container's processes as root, overriding the image's user. The " +
			"restricted profile forbids it at the pod and at the container level. Since Kubernetes 1.35 pods " +
			"in their own user namespace (hostUsers: false) are exempt, as UID 0 there maps to an unprivileged " +
			"user on the node.",
		Remediation: "Set runAsUser to a non-zero UID (or remove it and rely on a non-root USER in the image " +
			"with runAsNonRoot: true).",
		Controls: []check.Control{
			{Framework: check.FrameworkPSS, ID: "restricted"},
			{Framework: check.FrameworkCIS, ID: "5.2.7"},
			{Framework: check.FrameworkNSA, ID: "non-root"},
			{Framework: check.FrameworkMITRE, ID: "T1611"},
			{Framework: check.FrameworkMITRE, ID: "T1068"},
		},
		Peers: check.Peers{Trivy: "KSV105"},
	},
	Run: func(p *check.Pass[*kube.Workload]) error {
		w := p.Subject
		if userNamespaced(w) {
			return nil
		}
		if sc := w.Spec.SecurityContext; sc != nil && sc.RunAsUser != nil && *sc.RunAsUser == 0 {
			p.Report(podSCPath(w)+".runAsUser", "pod sets runAsUser=0 (root)")
		}
		for _, c := range w.Containers() {
			if sc := c.SecurityContext; sc != nil && sc.RunAsUser != nil && *sc.RunAsUser == 0 {
				p.Reportf(c.Path+".securityContext.runAsUser", "%s sets runAsUser=0 (root)", c.Describe())
			}
		}
		return nil
	},
}
