package podsecurity

import (
	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
)

// RunAsNonRoot is the PSS restricted "Running as Non-root" control.
var RunAsNonRoot = &check.Check[*kube.Workload]{
	Meta: check.Meta{
		ID:       "run-as-non-root",
		Title:    "Containers not required to run as non-root",
		Severity: check.Medium, // root in a container is one kernel bug or misconfiguration away from root on the node
		Family:   Family,
		Description: "runAsNonRoot: true makes the kubelet refuse to start a container whose user is root, " +
			"whatever the image says. The restricted profile requires it at the pod level or on every " +
			"container; a container that sets it to false fails even when the pod sets true. Since Kubernetes " +
			"1.35 pods in their own user namespace (hostUsers: false) are exempt.",
		Remediation: "Set spec.securityContext.runAsNonRoot: true (and a non-zero runAsUser if the image has no " +
			"numeric non-root USER), and remove runAsNonRoot: false from containers.",
		Controls: []check.Control{
			{Framework: check.FrameworkPSS, ID: "restricted"},
			{Framework: check.FrameworkCIS, ID: "5.2.7"},
			{Framework: check.FrameworkNSA, ID: "non-root"},
			{Framework: check.FrameworkMITRE, ID: "T1611"},
			{Framework: check.FrameworkMITRE, ID: "T1068"},
		},
		Peers: check.Peers{KubeLinter: "run-as-non-root", Polaris: "runAsRootAllowed", Kubescape: "C-0013", Trivy: "KSV012", Checkov: "CKV_K8S_23"},
	},
	Run: func(p *check.Pass[*kube.Workload]) error {
		w := p.Subject
		if userNamespaced(w) {
			return nil
		}
		podTrue := false
		if sc := w.Spec.SecurityContext; sc != nil && sc.RunAsNonRoot != nil {
			if *sc.RunAsNonRoot {
				podTrue = true
			} else {
				p.Report(podSCPath(w)+".runAsNonRoot", "pod sets runAsNonRoot=false")
			}
		}
		for _, c := range w.Containers() {
			switch sc := c.SecurityContext; {
			case sc != nil && sc.RunAsNonRoot != nil:
				if !*sc.RunAsNonRoot {
					p.Reportf(c.Path+".securityContext.runAsNonRoot", "%s sets runAsNonRoot=false", c.Describe())
				}
			case !podTrue:
				p.Reportf(containerSCPath(c),
					"%s does not set securityContext.runAsNonRoot=true, and neither does the pod", c.Describe())
			}
		}
		return nil
	},
}
