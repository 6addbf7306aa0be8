package network

import (
	corev1 "k8s.io/api/core/v1"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
)

// ServiceLoadBalancer reports Services of type LoadBalancer that get a
// public address.
var ServiceLoadBalancer = &check.Check[*kube.Typed[corev1.Service]]{
	Meta: check.Meta{
		ID:       "service-loadbalancer",
		Title:    "Service of type LoadBalancer",
		Severity: check.Info,
		Family:   Family,
		Description: "A LoadBalancer Service asks the cloud provider for an external load balancer, " +
			"usually with a public address: the workload behind it is on the internet. That is " +
			"often the point, so the finding is informational, an inventory of what is exposed. " +
			"Services whose provider annotation asks for an internal load balancer (AWS, GKE, " +
			"Azure, OCI, OpenStack, IBM, Alibaba Cloud) and Services annotated " +
			ExposureAnnotation + ": " + ExposureIntended + " are left alone.",
		Remediation: "Use type ClusterIP behind an Ingress, request an internal load balancer " +
			"with your provider's annotation, or annotate the Service with " +
			ExposureAnnotation + ": \"" + ExposureIntended + "\" once the exposure is reviewed.",
		Controls: []check.Control{
			{Framework: check.FrameworkNSA, ID: "network-policies"},
			{Framework: check.FrameworkMITRE, ID: "T1133"},
			{Framework: check.FrameworkMITRE, ID: "T1190"},
		},
		Peers: check.Peers{KubeLinter: "exposed-services", Kubescape: "C-0256"},
	},
	Run: func(p *check.Pass[*kube.Typed[corev1.Service]]) error {
		svc := publicLoadBalancer(p.Subject)
		if svc == nil {
			return nil
		}
		p.Reportf("spec.type", "type LoadBalancer exposes %s through an external load balancer", describePorts(svc, false))
		return nil
	},
}
