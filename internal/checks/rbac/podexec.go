package rbac

import (
	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
)

var podShellResources = []resource{
	{group: "", name: "pods/exec"},
	{group: "", name: "pods/attach"},
	{group: "", name: "pods/portforward"},
}

// PodExec reports rules that let a subject run commands in, attach to or
// forward ports of running pods.
var PodExec = &check.Check[*kube.Role]{
	Meta: check.Meta{
		ID:       "rbac-pod-exec",
		Title:    "Role can exec into pods",
		Severity: check.High,
		Family:   Family,
		Description: "create or get on pods/exec, pods/attach or pods/portforward runs commands in, " +
			"attaches to or opens ports of running containers: the subject acts with each pod's " +
			"service account, mounted Secrets and network position. get counts too: exec over " +
			"WebSocket is authorized as get by many Kubernetes versions. High: it is direct access " +
			"to every workload in scope.",
		Remediation: "Remove pods/exec, pods/attach and pods/portforward from roles that do not " +
			"need interactive access; grant it to people through a separate, audited role.",
		Controls: []check.Control{
			{Framework: check.FrameworkNSA, ID: "rbac"},
			{Framework: check.FrameworkMITRE, ID: "T1609"},
		},
		Peers: check.Peers{
			Polaris:   "clusterrolePodExecAttach, rolePodExecAttach",
			Kubescape: "C-0002, C-0063",
			Trivy:     "KSV053, KSV054",
		},
	},
	Run: func(p *check.Pass[*kube.Role]) error {
		for _, g := range grants(p.Subject, []string{"create", "get"}, podShellResources...) {
			p.Reportf(g.path(), "grants %s: runs commands in or connects to pods %s", g.describe(), scope(p.Subject))
		}
		return nil
	},
}
