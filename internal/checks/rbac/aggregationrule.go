package rbac

import (
	"fmt"
	"strings"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
)

// aggregator is a ClusterRole with an aggregationRule: its selectors and
// where each is written.
type aggregator struct {
	name      string
	selectors []metav1.LabelSelector
	locations []kube.Location
}

// aggregated is a ClusterRole that an aggregationRule could select.
type aggregated struct {
	name    string
	labels  labels.Set
	dangers string // empty: nothing dangerous
}

// AggregationRuleDangerous reports aggregationRules that pull dangerous
// rules, from ClusterRoles of the same scan, into their ClusterRole.
var AggregationRuleDangerous = &check.Analyzer{
	Meta: check.Meta{
		ID:       "rbac-aggregation-rule-dangerous",
		Title:    "Aggregation rule selects dangerous ClusterRoles",
		Severity: check.Medium,
		Family:   Family,
		Description: "A ClusterRole with an aggregationRule holds the rules of every ClusterRole " +
			"its selectors match, now and later. Reported when a selector matches, among the " +
			"ClusterRoles of the same scan, one that reads Secrets, execs into pods, escalates, " +
			"binds, impersonates or uses a wildcard, naming it. Medium: those rules are reported " +
			"where they are written; this finding shows where else they end up.",
		Remediation: "Narrow the selector, or move the dangerous rules out of the ClusterRoles " +
			"it matches.",
		Controls: []check.Control{
			{Framework: check.FrameworkNSA, ID: "rbac"},
			{Framework: check.FrameworkMITRE, ID: "T1098"},
		},
	},
	Kinds:   []string{"ClusterRole"},
	Collect: collectAggregation,
	Analyze: analyzeAggregation,
}

func collectAggregation(o *kube.Object) ([]check.Fact, error) {
	if o.Group() != rbacGroup {
		return nil, nil
	}
	roles, err := kube.Subjects[*kube.Role](o)
	if err != nil || len(roles) == 0 {
		return nil, err
	}
	r := roles[0]
	var facts []check.Fact
	if ag := r.AggregationRule; ag != nil && len(ag.ClusterRoleSelectors) > 0 {
		a := aggregator{name: o.Name, selectors: ag.ClusterRoleSelectors}
		for i := range ag.ClusterRoleSelectors {
			a.locations = append(a.locations, o.Locate(kube.Index("aggregationRule.clusterRoleSelectors", i)))
		}
		facts = append(facts, check.Fact{Object: check.Shell(o), Value: a})
	}
	if ds := dangers(r); len(ds) > 0 {
		facts = append(facts, check.Fact{Object: check.Shell(o), Value: aggregated{name: o.Name, labels: o.Meta.Labels, dangers: dangerText(ds)}})
	}
	return facts, nil
}

func analyzeAggregation(facts []check.Fact, report func(*kube.Object, check.Finding)) {
	var pool []aggregated
	for _, f := range facts {
		if a, ok := f.Value.(aggregated); ok {
			pool = append(pool, a)
		}
	}
	for _, f := range facts {
		a, ok := f.Value.(aggregator)
		if !ok {
			continue
		}
		for i, s := range a.selectors {
			sel, err := metav1.LabelSelectorAsSelector(&s)
			if err != nil {
				continue // the API server rejects such a role
			}
			var hits []string
			for _, c := range pool {
				if c.name != a.name && sel.Matches(c.labels) {
					hits = append(hits, fmt.Sprintf("ClusterRole %q (%s)", c.name, c.dangers))
				}
			}
			if len(hits) > 0 {
				report(f.Object, check.Finding{
					Path:     kube.Index("aggregationRule.clusterRoleSelectors", i),
					Location: a.locations[i],
					Message:  fmt.Sprintf("selects %s: their rules become this role's", strings.Join(hits, ", ")),
				})
			}
		}
	}
}
