package admission

import (
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
)

// WebhookInterceptsOwnNamespace reports fail-closed webhooks that must
// admit the creation of their own pods.
var WebhookInterceptsOwnNamespace = &check.Check[*kube.Webhooks]{
	Meta: check.Meta{
		ID:       "webhook-intercepts-own-namespace",
		Title:    "Webhook intercepts its own pods",
		Severity: check.Medium,
		Family:   Family,
		Description: "A webhook with failurePolicy Fail that intercepts pod creation in the " +
			"namespace of its own Service deadlocks once all its pods are gone (a node drain, " +
			"a bad rollout): new webhook pods need the webhook to admit them. Pod creation " +
			"then fails everywhere the webhook applies until someone deletes the configuration. " +
			"A webhook whose objectSelector is set is left alone, as it can exclude the " +
			"webhook's own pods. A webhook cannot veto changes to its own configuration: the " +
			"API server never sends webhook configurations to webhooks, so rules on them are " +
			"not reported.",
		Remediation: "Exclude the webhook's namespace in its namespaceSelector " +
			"({key: kubernetes.io/metadata.name, operator: NotIn, values: [<namespace>]}) or " +
			"its own pods with an objectSelector.",
		Controls: []check.Control{
			{Framework: check.FrameworkNSA, ID: "control-plane"},
			{Framework: check.FrameworkMITRE, ID: "T1499"},
		},
	},
	Run: func(p *check.Pass[*kube.Webhooks]) error {
		for _, h := range webhooks(p.Subject) {
			svc := h.ClientConfig.Service
			if svc == nil || svc.Namespace == "" || !failsClosed(p.Object, &h) || !interceptsPodCreation(&h) ||
				!matchesNamespace(h.NamespaceSelector, svc.Namespace) || !emptySelector(h.ObjectSelector) {
				continue
			}
			path := h.Path
			if h.NamespaceSelector != nil {
				path = kube.Key(h.Path, "namespaceSelector")
			}
			p.Reportf(path, "%s intercepts pod creation in its own namespace %q and fails closed: "+
				"once its pods are gone, their replacements cannot be admitted", describe(p.Subject, &h), svc.Namespace)
		}
		return nil
	},
}

func interceptsPodCreation(h *kube.Webhook) bool {
	for _, r := range h.Rules {
		if namespaced(r) && ruleMatches(r, []string{""}, []string{"pods"}, admissionregistrationv1.Create, false) {
			return true
		}
	}
	return false
}
