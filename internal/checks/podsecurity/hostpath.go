package podsecurity

import (
	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
)

// HostPathVolume is the PSS baseline "HostPath Volumes" control.
var HostPathVolume = &check.Check[*kube.Workload]{
	Meta: check.Meta{
		ID:       "host-path-volume",
		Title:    "Pod mounts a hostPath volume",
		Severity: check.High, // read access leaks node secrets; write access (or a runtime socket) is node takeover
		Family:   Family,
		Description: "A hostPath volume exposes a directory or file of the node to the pod. Depending on the " +
			"path it leaks kubelet credentials and other pods' data, or, when writable or a container " +
			"runtime socket, hands over the node. The baseline profile forbids hostPath volumes.",
		Remediation: "Replace the hostPath volume with a configMap, secret, emptyDir, persistentVolumeClaim or " +
			"CSI volume; node agents that need host files belong in a namespace exempt from the policy.",
		Controls: []check.Control{
			{Framework: check.FrameworkPSS, ID: "baseline"},
			{Framework: check.FrameworkCIS, ID: "5.2.11"},
			{Framework: check.FrameworkNSA, ID: "pod-security"},
			{Framework: check.FrameworkMITRE, ID: "T1611"},
		},
		Peers: check.Peers{Polaris: "hostPathSet", Kubescape: "C-0048", Trivy: "KSV023"},
	},
	Run: func(p *check.Pass[*kube.Workload]) error {
		w := p.Subject
		for i, v := range w.Spec.Volumes {
			if v.HostPath != nil {
				p.Reportf(kube.Index(w.SpecPath+".volumes", i)+".hostPath",
					"volume %q mounts host path %q", v.Name, v.HostPath.Path)
			}
		}
		return nil
	},
}
