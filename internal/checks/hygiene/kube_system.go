package hygiene

import (
	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// KubeSystemNonSystemWorkload finds workloads in kube-system that carry
// none of the marks of a cluster component.
//
// The heuristic, kept loose so that real add-ons pass: a workload counts
// as a cluster component when its own or its pod template's labels have a
// key that cluster components use (k8s-app, component,
// kubernetes.io/cluster-service, addonmanager.kubernetes.io/mode) or
// tier: control-plane / node, or when its pods run at a system-* priority
// class (which the API server admits only in kube-system). Objects with an
// owner (the Pods of a DaemonSet, mirror Pods of a Node) are left to their
// owner. The labels are easy to add, so this finds housekeeping mistakes,
// not an attacker who copies them.
var KubeSystemNonSystemWorkload = &check.Check[*kube.Workload]{
	Meta: check.Meta{
		ID:       "kube-system-non-system-workload",
		Title:    "Application workload in kube-system",
		Severity: check.Low,
		Family:   Family,
		Description: "kube-system holds the cluster's own components; it is usually exempt from " +
			"Pod Security enforcement and admission policies and its service accounts are highly " +
			"privileged. An application placed there shares those exemptions and is hard to tell " +
			"apart from the control plane (a place attackers hide workloads).",
		Remediation: "Deploy the application into its own namespace. If it is a cluster add-on, " +
			"label it as one (for example k8s-app: <name>) so that reviews can tell it apart.",
		Controls: []check.Control{
			{Framework: check.FrameworkCIS, ID: "5.6.1"},
			{Framework: check.FrameworkNSA, ID: "namespaces"},
			{Framework: check.FrameworkMITRE, ID: "T1036.005"},
		},
		Peers: check.Peers{Trivy: "KSV037"},
	},
	Run: func(p *check.Pass[*kube.Workload]) error {
		w, o := p.Subject, p.Object
		if o.Meta.Namespace != metav1.NamespaceSystem || len(o.Meta.OwnerReferences) > 0 {
			return nil
		}
		if systemLabelled(o.Meta.Labels) || systemLabelled(w.PodMeta.Labels) || systemPriority[w.Spec.PriorityClassName] {
			return nil
		}
		p.Reportf("metadata.namespace", "%s %q runs in kube-system without the labels or priority class of a cluster component",
			o.Kind, o.Name)
		return nil
	},
}

// systemLabelKeys are label keys cluster components carry: the add-on
// manager's, kubeadm's static Pods', and the k8s-app convention of the
// add-ons shipped with Kubernetes.
var systemLabelKeys = []string{"k8s-app", "component", "kubernetes.io/cluster-service", "addonmanager.kubernetes.io/mode"}

var systemPriority = map[string]bool{"system-cluster-critical": true, "system-node-critical": true}

func systemLabelled(labels map[string]string) bool {
	for _, k := range systemLabelKeys {
		if _, ok := labels[k]; ok {
			return true
		}
	}
	tier := labels["tier"]
	return tier == "control-plane" || tier == "node"
}
