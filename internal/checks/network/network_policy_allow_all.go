package network

import (
	"fmt"

	networkingv1 "k8s.io/api/networking/v1"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
)

// NetworkPolicyAllowAll reports NetworkPolicy rules that allow all traffic
// in their direction.
var NetworkPolicyAllowAll = &check.Check[*kube.Typed[networkingv1.NetworkPolicy]]{
	Meta: check.Meta{
		ID:       "network-policy-allow-all",
		Title:    "NetworkPolicy rule allows all traffic",
		Severity: check.Low,
		Family:   Family,
		Description: "An ingress rule without from (or with an empty peer {}) and without ports " +
			"admits every source on every port; an egress rule without to and without ports " +
			"lets the pods reach anything. Since policies only add allowances, one such rule " +
			"undoes every other policy selecting the same pods in that direction. A rule " +
			"limited to ports (say DNS on 53) is not reported, nor are rules for a direction " +
			"the policy's policyTypes leave out, which the API server ignores. policyTypes " +
			"[Ingress] with no ingress rules denies all ingress and is fine. Low: such a rule is " +
			"written on purpose more often than not (a public endpoint, a component that must " +
			"reach arbitrary hosts), and pods no policy selects, the worse case, are reported by " +
			"namespace-without-network-policy.",
		Remediation: "Name the allowed peers in from/to (podSelector, namespaceSelector, ipBlock) " +
			"and the ports, or delete the rule if allowing everything was not the intent.",
		Controls: []check.Control{
			{Framework: check.FrameworkNSA, ID: "network-policies"},
			{Framework: check.FrameworkMITRE, ID: "T1210"},
		},
	},
	Run: func(p *check.Pass[*kube.Typed[networkingv1.NetworkPolicy]]) error {
		np := networkPolicy(p.Object, p.Subject.Value)
		if np == nil {
			return nil
		}
		ingress, egress := policyDirections(&np.Spec)
		if ingress {
			for i, r := range np.Spec.Ingress {
				if len(r.Ports) == 0 && allPeers(r.From) {
					p.Report(kube.Index("spec.ingress", i), ruleMessage("ingress", "from", len(r.From) == 0))
				}
			}
		}
		if egress {
			for i, r := range np.Spec.Egress {
				if len(r.Ports) == 0 && allPeers(r.To) {
					p.Report(kube.Index("spec.egress", i), ruleMessage("egress", "to", len(r.To) == 0))
				}
			}
		}
		return nil
	},
}

// allPeers reports whether a rule's peers match everything: no peers, or
// a peer that sets no selector and no ipBlock.
func allPeers(peers []networkingv1.NetworkPolicyPeer) bool {
	if len(peers) == 0 {
		return true
	}
	for _, peer := range peers {
		if peer.PodSelector == nil && peer.NamespaceSelector == nil && peer.IPBlock == nil {
			return true
		}
	}
	return false
}

func ruleMessage(direction, field string, none bool) string {
	why := fmt.Sprintf("has no %s and no ports", field)
	if !none {
		why = fmt.Sprintf("has an empty %s peer and no ports", field)
	}
	target := "every source on every port"
	if direction == "egress" {
		target = "every destination on every port"
	}
	return fmt.Sprintf("%s rule %s: it allows %s", direction, why, target)
}
