package network

import (
	"strings"

	corev1 "k8s.io/api/core/v1"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
)

// sourceRangesAnnotation is the older way to restrict a load balancer's
// clients, still honoured by the cloud providers when the spec field is
// empty.
const sourceRangesAnnotation = "service.beta.kubernetes.io/load-balancer-source-ranges"

// LoadBalancerSourceRanges reports public LoadBalancer Services that accept
// clients from every address.
var LoadBalancerSourceRanges = &check.Check[*kube.Typed[corev1.Service]]{
	Meta: check.Meta{
		ID:       "loadbalancer-source-ranges",
		Title:    "LoadBalancer open to every address",
		Severity: check.Low,
		Family:   Family,
		Description: "spec.loadBalancerSourceRanges (or the older " + sourceRangesAnnotation +
			" annotation) limits which client networks the cloud load balancer admits. Without " +
			"it, or with 0.0.0.0/0 or ::/0 in it, the whole internet can reach the Service. " +
			"Internal load balancers and Services annotated " + ExposureAnnotation + ": " +
			ExposureIntended + " (a public endpoint by design) are left alone.",
		Remediation: "List the client networks in spec.loadBalancerSourceRanges, or annotate the " +
			"Service with " + ExposureAnnotation + ": \"" + ExposureIntended + "\" when it must be " +
			"reachable from anywhere.",
		Controls: []check.Control{
			{Framework: check.FrameworkNSA, ID: "network-policies"},
			{Framework: check.FrameworkMITRE, ID: "T1190"},
		},
	},
	Run: func(p *check.Pass[*kube.Typed[corev1.Service]]) error {
		svc := publicLoadBalancer(p.Subject)
		if svc == nil {
			return nil
		}
		ranges, path := svc.Spec.LoadBalancerSourceRanges, "spec.loadBalancerSourceRanges"
		if len(ranges) == 0 {
			if v := p.Object.Meta.Annotations[sourceRangesAnnotation]; strings.TrimSpace(v) != "" {
				ranges, path = strings.Split(v, ","), kube.Key("metadata.annotations", sourceRangesAnnotation)
			}
		}
		if len(ranges) == 0 {
			p.Report("spec.type", "LoadBalancer accepts clients from every address: spec.loadBalancerSourceRanges is not set")
			return nil
		}
		for i, r := range ranges {
			if r = strings.TrimSpace(r); r == "0.0.0.0/0" || r == "::/0" {
				at := path
				if path == "spec.loadBalancerSourceRanges" {
					at = kube.Index(path, i)
				}
				p.Reportf(at, "LoadBalancer source range %s admits every address", r)
			}
		}
		return nil
	},
}
