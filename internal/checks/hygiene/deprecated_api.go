package hygiene

import (
	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
)

// DeprecatedAPIVersion finds objects written in an API version the target
// Kubernetes release still serves but has deprecated: they break on a
// later upgrade.
var DeprecatedAPIVersion = &check.Check[*kube.Deprecatable]{
	Meta: check.Meta{
		ID:       "deprecated-api-version",
		Title:    "API version deprecated in the target Kubernetes version",
		Severity: check.Low,
		Family:   Family,
		Description: "The object uses an API version that the target Kubernetes release (--k8s-version, " +
			"the newest known release by default) still serves but has deprecated: a later release " +
			"stops serving it and applying the object then fails. An API version already removed is " +
			"reported by removed-api-version instead.",
		Remediation: "Move the object to the replacement API version named in the finding before " +
			"upgrading to the release that removes the old one.",
		Controls: []check.Control{
			{Framework: check.FrameworkNSA, ID: "upgrading"},
		},
		Peers: check.Peers{Trivy: "KSV107"},
	},
	Filter: inDeprecationTable,
	Run: func(p *check.Pass[*kube.Deprecatable]) error {
		d, target, st, err := apiStateOf(p.Subject.Object, p.Settings)
		if err != nil || st != apiDeprecated {
			return err
		}
		p.Reportf("apiVersion", "%s %s is deprecated since Kubernetes 1.%d and not served from 1.%d (target 1.%d): %s",
			d.apiVersion, d.kind, d.deprecated, d.removed, target, d.migration())
		return nil
	},
}
