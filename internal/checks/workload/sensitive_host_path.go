package workload

import (
	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
)

// SensitiveHostPath reports hostPath volumes of host directories that hold
// credentials, node configuration or other workloads' data.
var SensitiveHostPath = &check.Check[*kube.Workload]{
	Meta: check.Meta{
		ID:       "sensitive-host-path",
		Title:    "Sensitive host path mounted",
		Severity: check.High,
		Family:   Family,
		Description: "A hostPath volume mounts a sensitive host directory: the root filesystem, /etc (and " +
			"/etc/kubernetes with the node's credentials), /root, /home, /proc, /sys, /dev, /boot, /var/log, " +
			"/run, or the kubelet and container runtime state under /var/lib/kubelet, /var/lib/docker and " +
			"/var/lib/containerd, which hold every pod's secrets and every container's filesystem. Paths inside " +
			"/etc, /root, /home, /proc, /boot and the /var/lib state directories count too, and so does any " +
			"parent directory of them; the host's time zone and CA bundle files under /etc, and the socket and " +
			"registration directories a CSI node plugin shares with the kubelet, do not. A read-only " +
			"mount still discloses what the directory holds. Paths that reach a container runtime socket are " +
			"reported by container-runtime-socket instead.",
		Remediation: "Remove the hostPath volume, or narrow it to the one file or directory the workload needs " +
			"and mount it readOnly. Use ConfigMaps, Secrets, projected volumes or a CSI driver for data, and " +
			"the Kubernetes API or a node agent for host state.",
		Controls: []check.Control{
			{Framework: check.FrameworkCIS, ID: "5.2.11"},
			{Framework: check.FrameworkNSA, ID: "pod-security"},
			{Framework: check.FrameworkMITRE, ID: "T1611"},
			{Framework: check.FrameworkMITRE, ID: "T1552"},
		},
		Peers: check.Peers{KubeLinter: "sensitive-host-mounts"},
	},
	Run: func(p *check.Pass[*kube.Workload]) error {
		w := p.Subject
		for i, v := range w.Spec.Volumes {
			if v.HostPath == nil {
				continue
			}
			hp, ok := cleanHostPath(v.HostPath.Path)
			if !ok || runtimeSocketPath(hp) || !sensitiveHostPath(hp) {
				continue
			}
			p.Reportf(kube.Index(w.SpecPath+".volumes", i)+".hostPath.path",
				"hostPath volume %q mounts the sensitive host path %q", v.Name, hp)
		}
		return nil
	},
}
