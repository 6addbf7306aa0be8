package workload

import (
	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
)

// RuntimeSocket reports hostPath volumes that reach the container runtime's
// API socket.
var RuntimeSocket = &check.Check[*kube.Workload]{
	Meta: check.Meta{
		ID:       "container-runtime-socket",
		Title:    "Container runtime socket mounted",
		Severity: check.Critical,
		Family:   Family,
		Description: "A hostPath volume mounts the socket of the node's container runtime (Docker, containerd, " +
			"CRI-O, podman) or a directory that holds it, such as /var/run or /run/containerd. Whoever can " +
			"talk to that socket can start a privileged container on the node, read every container's " +
			"filesystem and environment, and so owns the node; a read-only mount does not help, since " +
			"connecting to a socket is not a write to the filesystem.",
		Remediation: "Remove the hostPath volume. Build images with a daemonless builder (BuildKit rootless, " +
			"kaniko, buildah) and read container metadata through the Kubernetes API instead of the runtime.",
		Controls: []check.Control{
			{Framework: check.FrameworkCIS, ID: "5.2.11"},
			{Framework: check.FrameworkNSA, ID: "pod-security"},
			{Framework: check.FrameworkMITRE, ID: "T1611"},
			{Framework: check.FrameworkMITRE, ID: "T1610"},
		},
		Peers: check.Peers{KubeLinter: "docker-sock", Kubescape: "C-0074", Trivy: "KSV006", Checkov: "CKV_K8S_27"},
	},
	Run: func(p *check.Pass[*kube.Workload]) error {
		w := p.Subject
		for i, v := range w.Spec.Volumes {
			if v.HostPath == nil {
				continue
			}
			hp, ok := cleanHostPath(v.HostPath.Path)
			if !ok || !runtimeSocketPath(hp) {
				continue
			}
			p.Reportf(kube.Index(w.SpecPath+".volumes", i)+".hostPath.path",
				"hostPath volume %q mounts %q, which reaches the container runtime socket", v.Name, hp)
		}
		return nil
	},
}
