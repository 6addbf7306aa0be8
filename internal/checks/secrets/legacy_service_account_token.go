package secrets

import (
	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
	corev1 "k8s.io/api/core/v1"
)

// LegacyServiceAccountToken reports Secrets that ask the token controller
// for a long-lived service account token.
var LegacyServiceAccountToken = &check.Check[*kube.Typed[corev1.Secret]]{
	Meta: check.Meta{
		ID:       "legacy-service-account-token-secret",
		Title:    "Long-lived service account token Secret",
		Severity: check.Medium,
		Family:   Family,
		Description: "The Secret has type kubernetes.io/service-account-token. The token controller fills " +
			"such a Secret with a token for the service account named in its " +
			"kubernetes.io/service-account.name annotation that never expires and is not bound to a pod: " +
			"whoever reads the Secret, or finds a copy of the token in a log, a backup or a CI variable, can " +
			"act as the service account until the Secret is deleted. Since Kubernetes 1.24 such Secrets are " +
			"no longer created automatically, and pods get short-lived projected tokens instead.",
		Remediation: "Delete the Secret and use short-lived tokens: the projected service account token " +
			"volume in pods, or `kubectl create token` / the TokenRequest API for clients outside the " +
			"cluster. If a long-lived token is unavoidable, keep it in an external secret store and rotate " +
			"it.",
		Controls: []check.Control{
			{Framework: check.FrameworkNSA, ID: "service-account-tokens"},
			{Framework: check.FrameworkMITRE, ID: "T1528"},
			{Framework: check.FrameworkMITRE, ID: "T1552"},
		},
	},
	Run: func(p *check.Pass[*kube.Typed[corev1.Secret]]) error {
		s := p.Subject.Value
		if s.Type != corev1.SecretTypeServiceAccountToken {
			return nil
		}
		sa := s.Annotations[corev1.ServiceAccountNameKey]
		if sa == "" {
			p.Report("type", "Secret has type kubernetes.io/service-account-token, a non-expiring service account token; use short-lived projected tokens")
			return nil
		}
		p.Reportf("type", "Secret holds a non-expiring token for service account %q; use short-lived projected tokens", sa)
		return nil
	},
}
