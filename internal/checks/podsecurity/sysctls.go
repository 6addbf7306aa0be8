package podsecurity

import (
	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
)

// safeSysctls is the baseline profile's safe set as of Kubernetes 1.37,
// with the release that admitted each name. A cluster older than a name's
// release still rejects it at admission; kubeward follows the current
// standard.
var safeSysctls = map[string]string{
	"kernel.shm_rmid_forced":              "1.0",
	"net.ipv4.ip_local_port_range":        "1.0",
	"net.ipv4.ip_unprivileged_port_start": "1.0",
	"net.ipv4.tcp_syncookies":             "1.0",
	"net.ipv4.ping_group_range":           "1.0",
	"net.ipv4.ip_local_reserved_ports":    "1.27",
	"net.ipv4.tcp_keepalive_time":         "1.29",
	"net.ipv4.tcp_fin_timeout":            "1.29",
	"net.ipv4.tcp_keepalive_intvl":        "1.29",
	"net.ipv4.tcp_keepalive_probes":       "1.29",
	"net.ipv4.tcp_rmem":                   "1.32",
	"net.ipv4.tcp_wmem":                   "1.32",
	"net.ipv4.tcp_slow_start_after_idle":  "1.37",
	"net.ipv4.tcp_notsent_lowat":          "1.37",
}

// Sysctls is the PSS baseline "Sysctls" control.
var Sysctls = &check.Check[*kube.Workload]{
	Meta: check.Meta{
		ID:       "sysctls",
		Title:    "Unsafe sysctl",
		Severity: check.Medium, // the kubelet refuses unsafe sysctls unless a node allows them
		Family:   Family,
		Description: "Sysctls outside the safe set are either not isolated per pod, so they change the whole " +
			"node, or can weaken kernel protections or exhaust node resources. The baseline profile allows " +
			"only the safe, namespaced set: kernel.shm_rmid_forced and a list of net.ipv4 settings " +
			"(port ranges, ping group, syncookies, TCP keepalive, timeouts and buffers).",
		Remediation: "Remove the sysctl from spec.securityContext.sysctls; tune the node itself (or a dedicated " +
			"node pool) if the setting is needed.",
		Controls: []check.Control{
			{Framework: check.FrameworkPSS, ID: "baseline"},
			{Framework: check.FrameworkNSA, ID: "pod-security"},
			{Framework: check.FrameworkMITRE, ID: "T1611"},
		},
		Peers: check.Peers{KubeLinter: "unsafe-sysctls", Trivy: "KSV026"},
	},
	Run: func(p *check.Pass[*kube.Workload]) error {
		w := p.Subject
		if w.Spec.SecurityContext == nil {
			return nil
		}
		for i, s := range w.Spec.SecurityContext.Sysctls {
			if _, ok := safeSysctls[s.Name]; !ok {
				p.Reportf(kube.Index(podSCPath(w)+".sysctls", i)+".name",
					"pod sets sysctl %q, which is not in the safe set", s.Name)
			}
		}
		return nil
	},
}
