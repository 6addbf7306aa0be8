package podsecurity

import (
	"strings"

	corev1 "k8s.io/api/core/v1"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
)

// CapabilitiesRestricted is the PSS restricted "Capabilities" control.
var CapabilitiesRestricted = &check.Check[kube.Container]{
	Meta: check.Meta{
		ID:       "capabilities-restricted",
		Title:    "Capabilities not dropped",
		Severity: check.Medium, // the runtime default set still holds NET_RAW, DAC_OVERRIDE, SETUID...
		Family:   Family,
		Description: "The runtime's default capability set still includes powers most services never use " +
			"(NET_RAW for spoofing, DAC_OVERRIDE, SETUID, MKNOD...). The restricted profile requires every " +
			"container to drop ALL and to add back nothing but NET_BIND_SERVICE. Windows pods are exempt.",
		Remediation: "Set securityContext.capabilities.drop: [\"ALL\"] on every container and keep " +
			"capabilities.add empty or [\"NET_BIND_SERVICE\"].",
		Controls: []check.Control{
			{Framework: check.FrameworkPSS, ID: "restricted"},
			{Framework: check.FrameworkCIS, ID: "5.2.8"},
			{Framework: check.FrameworkCIS, ID: "5.2.9"},
			{Framework: check.FrameworkNSA, ID: "pod-security"},
			{Framework: check.FrameworkMITRE, ID: "T1611"},
			{Framework: check.FrameworkMITRE, ID: "T1068"},
		},
		Peers: check.Peers{Trivy: "KSV003"},
	},
	Run: func(p *check.Pass[kube.Container]) error {
		c := p.Subject
		if c.Workload.IsWindows() {
			return nil
		}
		sc := c.SecurityContext
		if sc == nil || sc.Capabilities == nil {
			p.Reportf(containerSCPath(c), "%s does not drop ALL capabilities", c.Describe())
			return nil
		}
		capsPath := c.Path + ".securityContext.capabilities"
		droppedAll := false
		for _, d := range sc.Capabilities.Drop {
			if d == "ALL" {
				droppedAll = true
			}
		}
		switch {
		case droppedAll:
		case sc.Capabilities.Drop == nil:
			p.Reportf(capsPath, "%s does not drop ALL capabilities (capabilities.drop is not set)", c.Describe())
		default:
			p.Reportf(capsPath+".drop", "%s does not drop ALL capabilities (drop: %s)", c.Describe(), capList(sc.Capabilities.Drop))
		}
		for i, a := range sc.Capabilities.Add {
			if a != "NET_BIND_SERVICE" {
				p.Reportf(kube.Index(capsPath+".add", i),
					"%s adds capability %q; only NET_BIND_SERVICE may be added", c.Describe(), string(a))
			}
		}
		return nil
	},
}

// capList renders a capability list the way it reads in a manifest.
func capList(cs []corev1.Capability) string {
	names := make([]string, len(cs))
	for i, c := range cs {
		names[i] = string(c)
	}
	return "[" + strings.Join(names, ", ") + "]"
}
