package rbac

import (
	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
)

var nodesProxy = resource{group: "", name: "nodes/proxy", cluster: true}

// NodesProxy reports rules that reach the kubelet API through nodes/proxy.
var NodesProxy = &check.Check[*kube.Role]{
	Meta: check.Meta{
		ID:       "rbac-nodes-proxy",
		Title:    "Role can proxy to the kubelet",
		Severity: check.High,
		Family:   Family,
		Description: "nodes/proxy forwards requests to the kubelet API of any node, which runs " +
			"commands in every pod of the node; the commands never reach the API server's audit " +
			"log or admission. Any verb counts: get alone reaches the kubelet's exec endpoints over " +
			"WebSocket. High: it is exec on every pod of the cluster, unaudited.",
		Remediation: "Remove nodes/proxy; monitoring agents need nodes/metrics or nodes/stats instead.",
		Controls: []check.Control{
			{Framework: check.FrameworkCIS, ID: "5.1.10"},
			{Framework: check.FrameworkNSA, ID: "rbac"},
			{Framework: check.FrameworkMITRE, ID: "T1609"},
		},
		Peers: check.Peers{
			Kubescape: "C-0279",
			Trivy:     "KSV047",
		},
	},
	Run: func(p *check.Pass[*kube.Role]) error {
		for _, g := range grants(p.Subject, nil, nodesProxy) {
			p.Reportf(g.path(), "grants %s: reaches the kubelet API of every node, including exec into its pods", g.describe())
		}
		return nil
	},
}
