package workload

import (
	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
)

// MissingResourceRequests reports containers without a memory or CPU request.
var MissingResourceRequests = &check.Check[kube.Container]{
	Meta: check.Meta{
		ID:       "missing-resource-requests",
		Title:    "Missing resource requests",
		Severity: check.Low,
		Family:   Family,
		Description: "The container sets no memory request or no CPU request (one finding for each). The " +
			"scheduler then places the pod as if it needed nothing, nodes get overcommitted, and the pod is " +
			"among the first evicted under memory pressure. This is about availability rather than a direct " +
			"security weakness, hence the low severity. A limit without a request is not reported: Kubernetes " +
			"uses the limit as the request. Regular and init containers are checked; ephemeral containers " +
			"cannot declare resources.",
		Remediation: "Set resources.requests.memory and resources.requests.cpu on every container from " +
			"observed usage, or give the namespace a LimitRange with default requests.",
		Controls: []check.Control{
			{Framework: check.FrameworkNSA, ID: "resource-policies"},
			{Framework: check.FrameworkMITRE, ID: "T1499"},
		},
		Peers: check.Peers{Polaris: "cpuRequestsMissing, memoryRequestsMissing", Kubescape: "C-0268, C-0269", Trivy: "KSV015, KSV016", Checkov: "CKV_K8S_10, CKV_K8S_12"},
	},
	Run: func(p *check.Pass[kube.Container]) error {
		c := p.Subject
		if !hasResources(c) {
			return nil
		}
		for _, r := range resourceNames {
			_, req := c.Resources.Requests[r]
			_, limit := c.Resources.Limits[r]
			if !req && !limit {
				p.Reportf(kube.Key(c.Path+".resources.requests", string(r)), "%s has no %s request", c.Describe(), r)
			}
		}
		return nil
	},
}
