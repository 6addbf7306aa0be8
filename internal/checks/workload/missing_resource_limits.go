package workload

import (
	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
)

// MissingResourceLimits reports containers without a memory or CPU limit.
var MissingResourceLimits = &check.Check[kube.Container]{
	Meta: check.Meta{
		ID:       "missing-resource-limits",
		Title:    "Missing resource limits",
		Severity: check.Medium,
		Family:   Family,
		Description: "The container sets no memory limit or no CPU limit (one finding for each). Without a " +
			"memory limit a leaking or compromised container can use all of the node's memory and get its " +
			"neighbours evicted or OOM-killed; without a CPU limit it can starve them, which is also what " +
			"cryptomining in a hijacked pod looks like. The memory limit is the one that matters most. " +
			"Regular and init containers are checked; ephemeral containers cannot declare resources. A " +
			"LimitRange in the namespace can supply defaults, which a manifest scan does not see.",
		Remediation: "Set resources.limits.memory (and resources.limits.cpu) on every container, sized from " +
			"observed usage, or give the namespace a LimitRange with default limits.",
		Controls: []check.Control{
			{Framework: check.FrameworkNSA, ID: "resource-policies"},
			{Framework: check.FrameworkMITRE, ID: "T1496"},
			{Framework: check.FrameworkMITRE, ID: "T1499"},
		},
		Peers: check.Peers{Polaris: "cpuLimitsMissing, memoryLimitsMissing", Kubescape: "C-0009", Trivy: "KSV011, KSV018", Checkov: "CKV_K8S_11, CKV_K8S_13"},
	},
	Run: func(p *check.Pass[kube.Container]) error {
		c := p.Subject
		if !hasResources(c) {
			return nil
		}
		for _, r := range resourceNames {
			if _, ok := c.Resources.Limits[r]; !ok {
				p.Reportf(kube.Key(c.Path+".resources.limits", string(r)), "%s has no %s limit", c.Describe(), r)
			}
		}
		return nil
	},
}
