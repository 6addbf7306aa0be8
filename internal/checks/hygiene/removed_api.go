package hygiene

import (
	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
)

// RemovedAPIVersion finds objects written in an API version the target
// Kubernetes release no longer serves: applying them fails.
var RemovedAPIVersion = &check.Check[*kube.Deprecatable]{
	Meta: check.Meta{
		ID:       "removed-api-version",
		Title:    "API version removed in the target Kubernetes version",
		Severity: check.High,
		Family:   Family,
		Description: "The object uses an API version that the target Kubernetes release (--k8s-version, " +
			"the newest known release by default) no longer serves: the API server rejects it, so the " +
			"object and whatever depends on it are never created or updated.",
		Remediation: "Rewrite the object in the replacement API version named in the finding " +
			"(kubectl convert helps), reviewing the fields the new version renamed or made required.",
		Controls: []check.Control{
			{Framework: check.FrameworkNSA, ID: "upgrading"},
		},
		Peers: check.Peers{
			KubeLinter: "no-extensions-v1beta",
			Trivy:      "KSV107",
		},
	},
	Filter: inDeprecationTable,
	Run: func(p *check.Pass[*kube.Deprecatable]) error {
		d, target, st, err := apiStateOf(p.Subject.Object, p.Settings)
		if err != nil || st != apiRemoved {
			return err
		}
		p.Reportf("apiVersion", "%s %s is not served since Kubernetes 1.%d (target 1.%d): %s",
			d.apiVersion, d.kind, d.removed, target, d.migration())
		return nil
	},
}
