package rbac

import (
	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
)

// workloadResources are the kinds whose creation runs pods.
var workloadResources = []resource{
	{group: "", name: "pods"},
	{group: "", name: "replicationcontrollers"},
	{group: "apps", name: "deployments"},
	{group: "apps", name: "daemonsets"},
	{group: "apps", name: "statefulsets"},
	{group: "apps", name: "replicasets"},
	{group: "batch", name: "jobs"},
	{group: "batch", name: "cronjobs"},
}

// WorkloadCreate reports rules that let a subject create pods, directly or
// through a workload controller.
var WorkloadCreate = &check.Check[*kube.Role]{
	Meta: check.Meta{
		ID:       "rbac-workload-create",
		Title:    "Role can create pods or workloads",
		Severity: check.Medium,
		Family:   Family,
		Description: "Creating a pod, or a workload whose controller creates pods, lets the subject " +
			"run any image as any service account of the namespace and mount any of its Secrets; " +
			"without pod security admission it can also mount the node. Medium: deploying is what " +
			"CI systems and operators are for, but each such grant deserves review (CIS 5.1.4).",
		Remediation: "Grant create on pods and workload kinds only to deployment tooling, per " +
			"namespace, and enforce pod security admission in those namespaces.",
		Controls: []check.Control{
			{Framework: check.FrameworkCIS, ID: "5.1.4"},
			{Framework: check.FrameworkNSA, ID: "rbac"},
			{Framework: check.FrameworkMITRE, ID: "T1610"},
		},
		Peers: check.Peers{
			KubeLinter: "access-to-create-pods",
			Kubescape:  "C-0188",
			Trivy:      "KSV048",
		},
	},
	Run: func(p *check.Pass[*kube.Role]) error {
		for _, g := range grants(p.Subject, []string{"create"}, workloadResources...) {
			p.Reportf(g.path(), "grants %s: runs pods as any service account %s", g.describe(), scope(p.Subject))
		}
		return nil
	},
}
