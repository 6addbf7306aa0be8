package podsecurity

import (
	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
)

// defaultCapabilities is the set the baseline profile lets a container add:
// the capabilities container runtimes grant by default, minus NET_RAW.
// Names are matched exactly, as the admission controller does, so
// "CAP_CHOWN" or "chown" are not in the set.
var defaultCapabilities = map[string]bool{
	"AUDIT_WRITE": true, "CHOWN": true, "DAC_OVERRIDE": true, "FOWNER": true,
	"FSETID": true, "KILL": true, "MKNOD": true, "NET_BIND_SERVICE": true,
	"SETFCAP": true, "SETGID": true, "SETPCAP": true, "SETUID": true, "SYS_CHROOT": true,
}

// CapabilitiesBaseline is the PSS baseline "Capabilities" control.
var CapabilitiesBaseline = &check.Check[kube.Container]{
	Meta: check.Meta{
		ID:       "capabilities-baseline",
		Title:    "Container adds capabilities beyond the default set",
		Severity: check.High, // SYS_ADMIN, SYS_PTRACE, NET_ADMIN, SYS_MODULE... are classic escape primitives
		Family:   Family,
		Description: "Capabilities beyond the runtime's default set (SYS_ADMIN, SYS_PTRACE, SYS_MODULE, " +
			"NET_ADMIN, NET_RAW, BPF...) give the container kernel powers that are routinely used to escape " +
			"to the node or attack its neighbours. The baseline profile allows adding only AUDIT_WRITE, CHOWN, " +
			"DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID " +
			"and SYS_CHROOT.",
		Remediation: "Remove the capability from securityContext.capabilities.add; if the workload truly needs " +
			"it, run it in a namespace exempt from the policy and document why.",
		Controls: []check.Control{
			{Framework: check.FrameworkPSS, ID: "baseline"},
			{Framework: check.FrameworkCIS, ID: "5.2.9"},
			{Framework: check.FrameworkNSA, ID: "pod-security"},
			{Framework: check.FrameworkMITRE, ID: "T1611"},
			{Framework: check.FrameworkMITRE, ID: "T1068"},
		},
		Peers: check.Peers{Polaris: "dangerousCapabilities", Kubescape: "C-0046", Trivy: "KSV022", Checkov: "CKV_K8S_25"},
	},
	Run: func(p *check.Pass[kube.Container]) error {
		c := p.Subject
		if c.SecurityContext == nil || c.SecurityContext.Capabilities == nil {
			return nil
		}
		for i, cp := range c.SecurityContext.Capabilities.Add {
			if !defaultCapabilities[string(cp)] {
				p.Reportf(kube.Index(c.Path+".securityContext.capabilities.add", i),
					"%s adds capability %q, which is outside the baseline default set", c.Describe(), string(cp))
			}
		}
		return nil
	},
}
