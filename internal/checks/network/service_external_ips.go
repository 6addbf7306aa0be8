package network

import (
	"strings"

	corev1 "k8s.io/api/core/v1"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
)

// ServiceExternalIPs reports Services that set spec.externalIPs.
var ServiceExternalIPs = &check.Check[*kube.Typed[corev1.Service]]{
	Meta: check.Meta{
		ID:       "service-external-ips",
		Title:    "Service with external IPs",
		Severity: check.High,
		Family:   Family,
		Description: "kube-proxy sends traffic for every address in spec.externalIPs to the Service, " +
			"from inside the cluster as well as from outside, and the API server does not check " +
			"who owns those addresses. Whoever can create such a Service can take over traffic " +
			"meant for any IP, a man-in-the-middle (CVE-2020-8554). Few workloads need the " +
			"field; the DenyServiceExternalIPs admission plugin forbids it cluster-wide.",
		Remediation: "Remove spec.externalIPs and expose the Service through a LoadBalancer or an " +
			"Ingress; enable the DenyServiceExternalIPs admission plugin or a policy that " +
			"restricts externalIPs to addresses you own.",
		Controls: []check.Control{
			{Framework: check.FrameworkNSA, ID: "network-policies"},
			{Framework: check.FrameworkMITRE, ID: "T1557"},
		},
		Peers: check.Peers{Trivy: "KSV108"},
	},
	Run: func(p *check.Pass[*kube.Typed[corev1.Service]]) error {
		svc := coreService(p.Subject)
		if svc == nil || len(svc.Spec.ExternalIPs) == 0 {
			return nil
		}
		p.Reportf("spec.externalIPs", "spec.externalIPs routes traffic for %s to this Service on every node, "+
			"from inside the cluster too (CVE-2020-8554)", strings.Join(svc.Spec.ExternalIPs, ", "))
		return nil
	},
}
