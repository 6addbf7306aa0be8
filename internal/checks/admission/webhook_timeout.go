package admission

import (
	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
)

// defaultTimeout is the API server's webhook timeout in
// admissionregistration.k8s.io/v1, in seconds; 30 is the maximum.
const defaultTimeout = 10

// WebhookTimeout reports webhooks that may hold API requests longer than
// the default timeout.
var WebhookTimeout = &check.Check[*kube.Webhooks]{
	Meta: check.Meta{
		ID:       "webhook-timeout",
		Title:    "Webhook timeout above 10 seconds",
		Severity: check.Low,
		Family:   Family,
		Description: "Every request a webhook matches waits for it up to timeoutSeconds. Above the " +
			"default of 10 seconds (30 is the maximum), a slow or hung webhook stalls API " +
			"clients and controllers for that long on each call, and the API request itself " +
			"may time out before the webhook answers. A webhook that needs more time is better " +
			"made faster or asynchronous. In admissionregistration.k8s.io/v1beta1 the default was 30 " +
			"seconds, so a v1beta1 webhook without timeoutSeconds is reported too.",
		Remediation: "Set timeoutSeconds to 10 or less and make the webhook answer within it.",
		Controls: []check.Control{
			{Framework: check.FrameworkNSA, ID: "control-plane"},
			{Framework: check.FrameworkMITRE, ID: "T1499"},
		},
	},
	Run: func(p *check.Pass[*kube.Webhooks]) error {
		for _, h := range webhooks(p.Subject) {
			if h.TimeoutSeconds == nil && p.Object.APIVersion == group+"/v1beta1" {
				p.Reportf(h.Path, "%s may hold each request it matches for 30s: timeoutSeconds is not set "+
					"and defaults to 30 in %s", describe(p.Subject, &h), p.Object.APIVersion)
				continue
			}
			if h.TimeoutSeconds != nil && *h.TimeoutSeconds > defaultTimeout {
				p.Reportf(kube.Key(h.Path, "timeoutSeconds"), "%s may hold each request it matches for %ds (the default is %ds)",
					describe(p.Subject, &h), *h.TimeoutSeconds, defaultTimeout)
			}
		}
		return nil
	},
}
