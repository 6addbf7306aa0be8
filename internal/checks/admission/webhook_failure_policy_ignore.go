package admission

import (
	"regexp"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
)

// policyEngine matches names of webhooks, configurations and services that
// belong to policy and image-verification engines.
var policyEngine = regexp.MustCompile(`(?i)gatekeeper|kyverno|kubeward|kubewarden|jspolicy|\bopa\b|polic(y|ies)|security|` +
	`sigstore|cosign|connaisseur|ratify|neuvector`)

// guardedGroups and guardedResources are the built-in resources whose
// admission decisions are security decisions: what runs, with which
// privileges, and who may talk to it.
var (
	guardedGroups    = []string{"", "apps", "batch", "extensions", "rbac.authorization.k8s.io", "networking.k8s.io"}
	guardedResources = []string{"pods", "deployments", "replicasets", "statefulsets", "daemonsets", "jobs", "cronjobs",
		"replicationcontrollers", "roles", "rolebindings", "clusterroles", "clusterrolebindings", "serviceaccounts",
		"secrets", "namespaces", "services", "networkpolicies"}
)

// WebhookFailurePolicyIgnore reports security-relevant webhooks that let
// requests through when they cannot be reached.
var WebhookFailurePolicyIgnore = &check.Check[*kube.Webhooks]{
	Meta: check.Meta{
		ID:       "webhook-failure-policy-ignore",
		Title:    "Security webhook fails open",
		Severity: check.Medium,
		Family:   Family,
		Description: "With failurePolicy Ignore the API server admits a request when the webhook " +
			"errors or times out, so an attacker who can slow the webhook down, crash it or cut " +
			"it off from the API server bypasses the policy it enforces. The check looks at " +
			"webhooks whose decisions are security decisions: validating webhooks on pods, " +
			"workload controllers, RBAC objects, service accounts, secrets, namespaces, services " +
			"or network policies, and any webhook whose name, configuration or service names a " +
			"policy engine (Gatekeeper, Kyverno, OPA, kubeward, ...). Other mutating webhooks, " +
			"mostly defaulting, may fail open without a security cost. failurePolicy defaults to " +
			"Fail in admissionregistration.k8s.io/v1 but to Ignore in v1beta1.",
		Remediation: "Set failurePolicy: Fail, run the webhook with several replicas and a " +
			"PodDisruptionBudget, and exclude kube-system and the webhook's own namespace so a " +
			"webhook outage cannot block recovery.",
		Controls: []check.Control{
			{Framework: check.FrameworkNSA, ID: "pod-security"},
			{Framework: check.FrameworkMITRE, ID: "T1562"},
		},
	},
	Run: func(p *check.Pass[*kube.Webhooks]) error {
		for _, h := range webhooks(p.Subject) {
			fp, defaulted := failurePolicy(p.Object, &h)
			if fp != admissionregistrationv1.Ignore || !securityRelevant(p.Subject, &h) {
				continue
			}
			if defaulted {
				p.Reportf(h.Path, "%s fails open: failurePolicy is not set and defaults to Ignore in %s",
					describe(p.Subject, &h), p.Object.APIVersion)
				continue
			}
			p.Reportf(kube.Key(h.Path, "failurePolicy"),
				"%s fails open (failurePolicy Ignore): while it is unreachable, requests it should check are admitted",
				describe(p.Subject, &h))
		}
		return nil
	},
}

func securityRelevant(w *kube.Webhooks, h *kube.Webhook) bool {
	names := []string{h.Name, w.Object.Name}
	if s := h.ClientConfig.Service; s != nil {
		names = append(names, s.Name, s.Namespace)
	}
	for _, n := range names {
		if policyEngine.MatchString(n) {
			return true
		}
	}
	if w.Mutating {
		return false
	}
	for _, r := range h.Rules {
		if ruleMatches(r, guardedGroups, guardedResources, "", true) {
			return true
		}
	}
	return false
}
