package rbac

import (
	"slices"

	"k8s.io/apimachinery/pkg/api/equality"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"

	rbacv1 "k8s.io/api/rbac/v1"
)

// aggregate returns the effective rules of every role. A ClusterRole with
// an aggregationRule gets what the clusterrole-aggregation controller
// writes into it: for each selector in order, the ClusterRoles it selects
// by label, sorted by name, the role itself left out, each of their rules
// once. The controller's stored rules are ignored, since the controller
// overwrites them. Aggregated roles may select other aggregated roles
// (edit feeds admin), so this repeats until nothing changes, as the
// controller's resyncs converge.
func aggregate(roles map[roleKey]*Role) map[roleKey][]rbacv1.PolicyRule {
	rules := make(map[roleKey][]rbacv1.PolicyRule, len(roles))
	var aggregated, clusterRoles []*Role
	for k, r := range roles {
		if r.Cluster() {
			clusterRoles = append(clusterRoles, r)
			if r.AggregationRule != nil {
				aggregated = append(aggregated, r)
				continue
			}
		}
		rules[k] = r.Rules
	}
	slices.SortFunc(clusterRoles, func(a, b *Role) int { return compareStrings(a.Ref.Name, b.Ref.Name) })
	slices.SortFunc(aggregated, func(a, b *Role) int { return compareStrings(a.Ref.Name, b.Ref.Name) })
	selectors := map[*Role][]labels.Selector{}
	for _, r := range aggregated {
		for _, ls := range r.AggregationRule.ClusterRoleSelectors {
			sel, err := metav1.LabelSelectorAsSelector(&ls)
			if err != nil {
				continue // the controller skips a selector it cannot parse too
			}
			selectors[r] = append(selectors[r], sel)
		}
		rules[keyOf(r.Ref)] = nil
	}
	for range len(aggregated) + 1 {
		changed := false
		for _, r := range aggregated {
			var got []rbacv1.PolicyRule
			for _, sel := range selectors[r] {
				for _, c := range clusterRoles {
					if c == r || !sel.Matches(labels.Set(c.Labels)) {
						continue
					}
					for _, rule := range rules[keyOf(c.Ref)] {
						if !slices.ContainsFunc(got, func(x rbacv1.PolicyRule) bool { return equality.Semantic.DeepEqual(x, rule) }) {
							got = append(got, rule)
						}
					}
				}
			}
			k := keyOf(r.Ref)
			if !equality.Semantic.DeepEqual(got, rules[k]) {
				rules[k] = got
				changed = true
			}
		}
		if !changed {
			break
		}
	}
	return rules
}

// AggregatedRules returns the rules the aggregation controller would give
// the ClusterRole name, and false when it has no aggregationRule.
func (p *Policy) AggregatedRules(name string) ([]rbacv1.PolicyRule, bool) {
	r, ok := p.roles[roleKey{"ClusterRole", "", name}]
	if !ok || r.AggregationRule == nil {
		return nil, false
	}
	return p.rules[keyOf(r.Ref)], true
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
