package admission

import (
	"fmt"
	"slices"
	"strings"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"

	"github.com/kubeward/kubeward/internal/kube"
)

const group = "admissionregistration.k8s.io"

// webhooks returns the configuration's webhooks, or nil when the object is
// not of the Kubernetes admissionregistration group.
func webhooks(w *kube.Webhooks) []kube.Webhook {
	if w.Object.Group() != group {
		return nil
	}
	return w.Webhooks
}

// failurePolicy returns the webhook's failure policy and whether it was
// defaulted: Fail in admissionregistration.k8s.io/v1, Ignore in v1beta1.
func failurePolicy(o *kube.Object, h *kube.Webhook) (admissionregistrationv1.FailurePolicyType, bool) {
	if h.FailurePolicy != nil {
		return *h.FailurePolicy, false
	}
	if o.APIVersion == group+"/v1beta1" {
		return admissionregistrationv1.Ignore, true
	}
	return admissionregistrationv1.Fail, true
}

// failsClosed reports whether the webhook's failure policy is Fail, set or
// defaulted.
func failsClosed(o *kube.Object, h *kube.Webhook) bool {
	fp, _ := failurePolicy(o, h)
	return fp == admissionregistrationv1.Fail
}

// matchesNamespace reports whether the webhook's namespaceSelector matches a
// namespace that carries only the label the API server puts on every
// namespace, kubernetes.io/metadata.name. Other labels are unknown from
// manifests, so a selector that needs one is taken to exclude the namespace.
func matchesNamespace(sel *metav1.LabelSelector, name string) bool {
	return selects(sel, labels.Set{"kubernetes.io/metadata.name": name})
}

// selects reports whether a selector matches the labels; nil and empty
// selectors match everything, an invalid one (the API server refuses it)
// nothing.
func selects(sel *metav1.LabelSelector, l labels.Set) bool {
	if sel == nil {
		return true
	}
	s, err := metav1.LabelSelectorAsSelector(sel)
	return err == nil && s.Matches(l)
}

// ruleMatches reports whether a rule covers one of the resources in one of
// the groups for the operation ("" for any), wildcards included. With
// subresources, "pods/exec" counts as pods; without, only "pods", "*" and
// "*/*" do (a rule on "pods/*" sees no pod being created).
func ruleMatches(r admissionregistrationv1.RuleWithOperations, groups, resources []string,
	op admissionregistrationv1.OperationType, subresources bool) bool {
	if op != "" && !slices.Contains(r.Operations, op) && !slices.Contains(r.Operations, admissionregistrationv1.OperationAll) {
		return false
	}
	if !slices.Contains(r.APIGroups, "*") && !slices.ContainsFunc(r.APIGroups, func(g string) bool { return slices.Contains(groups, g) }) {
		return false
	}
	for _, res := range r.Resources {
		if res == "*" || res == "*/*" {
			return true
		}
		base, sub, _ := strings.Cut(res, "/")
		if slices.Contains(resources, base) && (sub == "" || subresources) {
			return true
		}
	}
	return false
}

// emptySelector reports whether a selector is unset or selects everything.
func emptySelector(s *metav1.LabelSelector) bool {
	return s == nil || len(s.MatchLabels) == 0 && len(s.MatchExpressions) == 0
}

// namespaced reports whether a rule can match namespaced objects: its scope
// is "*" (the default) or Namespaced.
func namespaced(r admissionregistrationv1.RuleWithOperations) bool {
	return r.Scope == nil || *r.Scope != admissionregistrationv1.ClusterScope
}

// describe names a webhook for messages.
func describe(w *kube.Webhooks, h *kube.Webhook) string {
	kind := "validating"
	if w.Mutating {
		kind = "mutating"
	}
	return fmt.Sprintf("%s webhook %q", kind, h.Name)
}
