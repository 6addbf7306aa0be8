package admission

import (
	"k8s.io/apimachinery/pkg/labels"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
)

// WebhookMatchesKubeSystem reports fail-closed webhooks that intercept
// built-in objects in kube-system.
var WebhookMatchesKubeSystem = &check.Check[*kube.Webhooks]{
	Meta: check.Meta{
		ID:       "webhook-matches-kube-system",
		Title:    "Webhook can block kube-system",
		Severity: check.Low,
		Family:   Family,
		Description: "A webhook with failurePolicy Fail whose namespaceSelector does not exclude " +
			"kube-system sits in the path of the control plane's own objects there: leader " +
			"election leases, the pods of DNS and the CNI. When it is down or slow, those " +
			"requests fail and the cluster degrades, and if the webhook's pods need kube-system " +
			"components to start, it never recovers. The check considers rules that match what " +
			"kube-system runs on: pods, workload controllers, configmaps, secrets, services, " +
			"endpoints, service accounts and leases (Ingresses or custom resources there are " +
			"not vital). kube-system is assumed to carry only its " +
			"kubernetes.io/metadata.name label, so a selector requiring any other label excludes " +
			"it; an objectSelector that does not match unlabelled objects (an opt-in label) " +
			"excludes it too. Fail-open webhooks are left to webhook-failure-policy-ignore.",
		Remediation: "Add to the namespaceSelector a matchExpressions entry " +
			"{key: kubernetes.io/metadata.name, operator: NotIn, values: [kube-system]}.",
		Controls: []check.Control{
			{Framework: check.FrameworkNSA, ID: "control-plane"},
			{Framework: check.FrameworkMITRE, ID: "T1499"},
		},
	},
	Run: func(p *check.Pass[*kube.Webhooks]) error {
		for _, h := range webhooks(p.Subject) {
			if !failsClosed(p.Object, &h) || !matchesNamespace(h.NamespaceSelector, "kube-system") ||
				!selects(h.ObjectSelector, labels.Set{}) || !interceptsSystem(&h) {
				continue
			}
			path, how := h.Path, "has no namespaceSelector"
			if h.NamespaceSelector != nil {
				path, how = kube.Key(h.Path, "namespaceSelector"), "has a namespaceSelector that does not exclude it"
			}
			p.Reportf(path, "%s can block requests in kube-system: it %s and fails closed", describe(p.Subject, &h), how)
		}
		return nil
	},
}

// systemGroups and systemResources are what kube-system's components
// create and update to keep the cluster running: their pods and
// controllers, leader-election leases, configuration, service endpoints.
var (
	systemGroups    = []string{"", "apps", "coordination.k8s.io", "discovery.k8s.io"}
	systemResources = []string{"pods", "configmaps", "secrets", "services", "endpoints", "serviceaccounts",
		"deployments", "replicasets", "daemonsets", "statefulsets", "leases", "endpointslices"}
)

// interceptsSystem reports whether a rule of the webhook can match the
// namespaced objects kube-system depends on.
func interceptsSystem(h *kube.Webhook) bool {
	for _, r := range h.Rules {
		if namespaced(r) && ruleMatches(r, systemGroups, systemResources, "", false) {
			return true
		}
	}
	return false
}
