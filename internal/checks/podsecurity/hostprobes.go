package podsecurity

import (
	corev1 "k8s.io/api/core/v1"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
)

// HostProbes is the PSS baseline "Probes / Lifecycle Hooks" control, added
// in Kubernetes 1.34: probes and lifecycle handlers must not name a host.
var HostProbes = &check.Check[kube.Container]{
	Meta: check.Meta{
		ID:       "host-probes",
		Title:    "Probe or lifecycle hook targets another host",
		Severity: check.Medium, // lets a pod author make the kubelet send requests from the node
		Family:   Family,
		Description: "Probes and lifecycle hooks with httpGet or tcpSocket are carried out by the kubelet from " +
			"the node. A host field makes the kubelet connect to any address the pod author chooses, " +
			"node-local services included, which turns the kubelet into a request forger. The baseline " +
			"profile requires the host field to be unset, so that the pod's own IP is used.",
		Remediation: "Remove the host field from httpGet and tcpSocket probes and lifecycle handlers; the " +
			"kubelet then targets the pod IP. Use an httpHeaders Host header if virtual hosting needs one.",
		Controls: []check.Control{
			{Framework: check.FrameworkPSS, ID: "baseline"},
			{Framework: check.FrameworkNSA, ID: "pod-security"},
		},
	},
	Run: func(p *check.Pass[kube.Container]) error {
		c := p.Subject
		probes := []struct {
			name  string
			probe *corev1.Probe
		}{{"livenessProbe", c.LivenessProbe}, {"readinessProbe", c.ReadinessProbe}, {"startupProbe", c.StartupProbe}}
		for _, pr := range probes {
			if pr.probe != nil {
				reportHosts(p, pr.name, pr.probe.HTTPGet, pr.probe.TCPSocket)
			}
		}
		if c.Lifecycle != nil {
			for _, h := range []struct {
				name    string
				handler *corev1.LifecycleHandler
			}{{"lifecycle.postStart", c.Lifecycle.PostStart}, {"lifecycle.preStop", c.Lifecycle.PreStop}} {
				if h.handler != nil {
					reportHosts(p, h.name, h.handler.HTTPGet, h.handler.TCPSocket)
				}
			}
		}
		return nil
	},
}

func reportHosts(p *check.Pass[kube.Container], field string, http *corev1.HTTPGetAction, tcp *corev1.TCPSocketAction) {
	c := p.Subject
	if http != nil && http.Host != "" {
		p.Reportf(c.Path+"."+field+".httpGet.host", "%s %s.httpGet targets host %q", c.Describe(), field, http.Host)
	}
	if tcp != nil && tcp.Host != "" {
		p.Reportf(c.Path+"."+field+".tcpSocket.host", "%s %s.tcpSocket targets host %q", c.Describe(), field, tcp.Host)
	}
}
