package podsecurity

import (
	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
)

// HostPorts is the PSS baseline "Host Ports" control.
var HostPorts = &check.Check[kube.Container]{
	Meta: check.Meta{
		ID:       "host-ports",
		Title:    "Container binds a host port",
		Severity: check.Medium, // exposure and policy bypass, not a privilege gain by itself
		Family:   Family,
		Description: "A hostPort opens the port on every node the pod lands on, outside the Service and " +
			"NetworkPolicy model: traffic reaches the container without passing the policies meant to guard " +
			"it, and the pod competes for node ports. The baseline profile forbids non-zero host ports.",
		Remediation: "Remove ports[].hostPort (or set it to 0) and expose the container through a Service " +
			"(ClusterIP, NodePort or LoadBalancer) or an Ingress.",
		// No ATT&CK technique for containers describes an exposed port as such.
		Controls: []check.Control{
			{Framework: check.FrameworkPSS, ID: "baseline"},
			{Framework: check.FrameworkCIS, ID: "5.2.12"},
			{Framework: check.FrameworkNSA, ID: "pod-security"},
		},
		Peers: check.Peers{Polaris: "hostPortSet", Kubescape: "C-0044", Trivy: "KSV024", Checkov: "CKV_K8S_26"},
	},
	Run: func(p *check.Pass[kube.Container]) error {
		c := p.Subject
		for i, port := range c.Ports {
			if port.HostPort != 0 {
				proto := port.Protocol
				if proto == "" {
					proto = "TCP"
				}
				p.Reportf(kube.Index(c.Path+".ports", i)+".hostPort",
					"%s binds host port %d (containerPort %d/%s)", c.Describe(), port.HostPort, port.ContainerPort, proto)
			}
		}
		return nil
	},
}
