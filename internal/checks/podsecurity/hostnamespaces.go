package podsecurity

import (
	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
)

// HostNamespaces is the PSS baseline "Host Namespaces" control. It reports
// each shared namespace on its own field.
var HostNamespaces = &check.Check[*kube.Workload]{
	Meta: check.Meta{
		ID:       "host-namespaces",
		Title:    "Pod shares host namespaces",
		Severity: check.High, // each one opens a well-known path to node processes, traffic or memory
		Family:   Family,
		Description: "hostNetwork puts the pod on the node's network stack (it can reach node-local services and " +
			"sniff or spoof traffic, and network policies no longer apply); hostPID shows it every process on " +
			"the node, with their environments; hostIPC gives it the node's shared memory. Each is a step " +
			"towards the node, and the baseline profile forbids all three.",
		Remediation: "Remove spec.hostNetwork, spec.hostPID and spec.hostIPC or set them to false; expose the " +
			"workload through a Service instead of the node's network.",
		Controls: []check.Control{
			{Framework: check.FrameworkPSS, ID: "baseline"},
			{Framework: check.FrameworkCIS, ID: "5.2.3"},
			{Framework: check.FrameworkCIS, ID: "5.2.4"},
			{Framework: check.FrameworkCIS, ID: "5.2.5"},
			{Framework: check.FrameworkNSA, ID: "pod-security"},
			{Framework: check.FrameworkMITRE, ID: "T1611"},
		},
		Peers: check.Peers{KubeLinter: "host-ipc, host-network, host-pid", Polaris: "hostIPCSet, hostNetworkSet, hostPIDSet", Kubescape: "C-0038, C-0041", Trivy: "KSV008, KSV009, KSV010", Checkov: "CKV_K8S_17, CKV_K8S_18, CKV_K8S_19"},
	},
	Run: func(p *check.Pass[*kube.Workload]) error {
		w := p.Subject
		s := w.Spec
		if s.HostNetwork {
			p.Report(w.SpecPath+".hostNetwork", "pod shares the host network namespace (hostNetwork: true)")
		}
		if s.HostPID {
			p.Report(w.SpecPath+".hostPID", "pod shares the host process namespace (hostPID: true)")
		}
		if s.HostIPC {
			p.Report(w.SpecPath+".hostIPC", "pod shares the host IPC namespace (hostIPC: true)")
		}
		return nil
	},
}
