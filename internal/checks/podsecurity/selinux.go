package podsecurity

import (
	corev1 "k8s.io/api/core/v1"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
)

// selinuxTypes are the SELinux types the baseline profile accepts besides
// none: the container types of the stock policies (container_engine_t was
// added in Kubernetes 1.31).
var selinuxTypes = map[string]bool{
	"container_t": true, "container_init_t": true, "container_kvm_t": true, "container_engine_t": true,
}

// SELinux is the PSS baseline "SELinux" control.
var SELinux = &check.Check[*kube.Workload]{
	Meta: check.Meta{
		ID:       "selinux",
		Title:    "Custom SELinux options",
		Severity: check.Medium, // an unconfined type such as spc_t removes SELinux confinement entirely
		Family:   Family,
		Description: "SELinux labels confine what a container process may touch on the node. A custom type " +
			"(spc_t, unconfined_t...) lifts that confinement, and a custom user or role changes the identity " +
			"the policy sees. The baseline profile accepts only the container types container_t, " +
			"container_init_t, container_kvm_t and container_engine_t, and no user or role.",
		Remediation: "Remove seLinuxOptions.user and seLinuxOptions.role, and leave seLinuxOptions.type unset or " +
			"set it to one of the container types; a level (MCS category) may still be set.",
		Controls: []check.Control{
			{Framework: check.FrameworkPSS, ID: "baseline"},
			{Framework: check.FrameworkNSA, ID: "pod-security"},
			{Framework: check.FrameworkMITRE, ID: "T1611"},
		},
		Peers: check.Peers{Trivy: "KSV025"},
	},
	Run: func(p *check.Pass[*kube.Workload]) error {
		w := p.Subject
		if sc := w.Spec.SecurityContext; sc != nil && sc.SELinuxOptions != nil {
			reportSELinux(p, podSCPath(w)+".seLinuxOptions", "pod", sc.SELinuxOptions)
		}
		for _, c := range w.Containers() {
			if sc := c.SecurityContext; sc != nil && sc.SELinuxOptions != nil {
				reportSELinux(p, c.Path+".securityContext.seLinuxOptions", c.Describe(), sc.SELinuxOptions)
			}
		}
		return nil
	},
}

// reportSELinux reports each forbidden field of one seLinuxOptions on its own.
func reportSELinux(p *check.Pass[*kube.Workload], path, who string, o *corev1.SELinuxOptions) {
	if o.Type != "" && !selinuxTypes[o.Type] {
		p.Reportf(path+".type", "%s sets SELinux type %q, which is not a container type", who, o.Type)
	}
	if o.User != "" {
		p.Reportf(path+".user", "%s sets SELinux user %q", who, o.User)
	}
	if o.Role != "" {
		p.Reportf(path+".role", "%s sets SELinux role %q", who, o.Role)
	}
}
