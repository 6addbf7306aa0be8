package network

import (
	"slices"

	networkingv1 "k8s.io/api/networking/v1"

	"github.com/kubeward/kubeward/internal/kube"
)

// networkPolicy returns the policy when the object is a Kubernetes
// NetworkPolicy, and nil for other kinds of that name (Calico's
// projectcalico.org NetworkPolicy has another schema and semantics).
func networkPolicy(o *kube.Object, np *networkingv1.NetworkPolicy) *networkingv1.NetworkPolicy {
	if g := o.Group(); g != "networking.k8s.io" && g != "extensions" {
		return nil
	}
	return np
}

// policyDirections returns whether a policy isolates the selected pods'
// ingress and egress, as the API server defaults spec.policyTypes: when
// unset, Ingress always, Egress when the policy has egress rules.
func policyDirections(spec *networkingv1.NetworkPolicySpec) (ingress, egress bool) {
	if len(spec.PolicyTypes) == 0 {
		return true, len(spec.Egress) > 0
	}
	return slices.Contains(spec.PolicyTypes, networkingv1.PolicyTypeIngress),
		slices.Contains(spec.PolicyTypes, networkingv1.PolicyTypeEgress)
}
