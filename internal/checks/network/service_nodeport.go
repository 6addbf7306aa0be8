package network

import (
	corev1 "k8s.io/api/core/v1"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
)

// ServiceNodePort reports Services of type NodePort.
var ServiceNodePort = &check.Check[*kube.Typed[corev1.Service]]{
	Meta: check.Meta{
		ID:       "service-nodeport",
		Title:    "Service of type NodePort",
		Severity: check.Low,
		Family:   Family,
		Description: "A NodePort Service listens on every node's addresses, so it is reachable by " +
			"anyone who can reach a node, around any Ingress, load balancer or NetworkPolicy " +
			"on the path an operator expects. Services annotated " + ExposureAnnotation + ": " +
			ExposureIntended + " are left alone: the annotation records that the exposure was " +
			"decided. LoadBalancer Services also open node ports; they are reported by " +
			"service-loadbalancer instead.",
		Remediation: "Use type ClusterIP behind an Ingress or a LoadBalancer, or annotate the " +
			"Service with " + ExposureAnnotation + ": \"" + ExposureIntended + "\" when node-level " +
			"exposure is what you want, and limit who can reach the nodes.",
		Controls: []check.Control{
			{Framework: check.FrameworkNSA, ID: "network-policies"},
			{Framework: check.FrameworkMITRE, ID: "T1133"},
			{Framework: check.FrameworkMITRE, ID: "T1190"},
		},
		Peers: check.Peers{KubeLinter: "exposed-services", Kubescape: "C-0256"},
	},
	Run: func(p *check.Pass[*kube.Typed[corev1.Service]]) error {
		svc := coreService(p.Subject)
		if svc == nil || svc.Spec.Type != corev1.ServiceTypeNodePort || exposureIntended(p.Object) {
			return nil
		}
		p.Reportf("spec.type", "type NodePort exposes %s on every node's addresses", describePorts(svc, true))
		return nil
	},
}
