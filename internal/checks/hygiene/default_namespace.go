package hygiene

import (
	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// WorkloadInDefaultNamespace finds workloads placed in the default
// namespace.
//
// Only an explicit `namespace: default` is reported. A manifest without a
// namespace lands wherever kubectl, Helm or kustomize points it, usually a
// dedicated namespace: reporting every such manifest would flag most charts
// and bases for a choice made at deploy time. Objects a controller owns
// (the ReplicaSets and Pods of a Deployment read from a cluster) are left
// to their owner, so one app yields one finding.
var WorkloadInDefaultNamespace = &check.Check[*kube.Workload]{
	Meta: check.Meta{
		ID:       "workload-in-default-namespace",
		Title:    "Workload in the default namespace",
		Severity: check.Low,
		Family:   Family,
		Description: "The default namespace is where everything without a namespace ends up: " +
			"RBAC, network policies, quotas and Pod Security labels scoped to it apply to unrelated " +
			"workloads alike, and it is rarely hardened. Workloads belong in namespaces that serve " +
			"as administrative boundaries.",
		Remediation: "Create a namespace for the application and set metadata.namespace to it " +
			"(or drop the field and deploy with --namespace).",
		Controls: []check.Control{
			{Framework: check.FrameworkCIS, ID: "5.6.4"},
			{Framework: check.FrameworkNSA, ID: "namespaces"},
		},
		Peers: check.Peers{
			KubeLinter: "use-namespace",
			Kubescape:  "C-0061",
			Trivy:      "KSV110",
			Checkov:    "CKV_K8S_21",
		},
	},
	Run: func(p *check.Pass[*kube.Workload]) error {
		o := p.Object
		if o.Meta.Namespace != metav1.NamespaceDefault || metav1.GetControllerOfNoCopy(&o.Meta) != nil {
			return nil
		}
		p.Reportf("metadata.namespace", "%s %q runs in the default namespace", o.Kind, o.Name)
		return nil
	},
}
