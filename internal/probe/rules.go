package probe

import (
	"slices"
	"strings"

	"github.com/kubeward/kubeward/internal/check"
)

// Rule is one probe: its check metadata, the kube-hunter finding it
// continues (KHV, empty where kube-hunter had none) and whether it changes
// anything on the target (Active).
type Rule struct {
	check.Meta
	KHV    string
	Active bool
	// Request is the request the probe sends, as the docs and --explain
	// show it.
	Request string
}

func rule(id, khv, title string, sev check.Severity, mitre, request, desc, fix string) *Rule {
	return &Rule{
		Meta: check.Meta{
			ID: id, Title: title, Severity: sev, Description: desc, Remediation: fix,
			Controls: []check.Control{{Framework: check.FrameworkMITRE, ID: mitre}},
			Family:   "network-probe",
		},
		KHV: khv, Request: request,
	}
}

func activeRule(id, title string, mitre, request, desc string) *Rule {
	r := rule(id, "", title, check.High, mitre, request, desc,
		"Remove the RBAC rules that grant these credentials this verb (kubeward rbac who-can shows which binding does), "+
			"and never bind system:anonymous or system:unauthenticated to anything beyond the public-info roles.")
	r.Active = true
	return r
}

// Lookup finds a rule by its kubeward ID or its kube-hunter ID
// (case-insensitive), for --explain.
func Lookup(id string) (*Rule, bool) {
	for _, r := range Rules {
		if strings.EqualFold(r.ID, id) || (r.KHV != "" && strings.EqualFold(r.KHV, id)) {
			return r, true
		}
	}
	return nil, false
}

// Metas is the check metadata of every rule, for report rule lists.
func Metas() []*check.Meta {
	out := make([]*check.Meta, 0, len(Rules))
	for _, r := range Rules {
		out = append(out, &r.Meta)
	}
	return out
}

// Runners adapts the rules for check.Validate.
func Runners() []check.Runner {
	out := make([]check.Runner, 0, len(Rules))
	for _, r := range Rules {
		out = append(out, &check.Check[struct{}]{Meta: r.Meta})
	}
	return out
}

// sortedRules is Rules by ID, for listings.
func sortedRules() []*Rule {
	out := slices.Clone(Rules)
	slices.SortFunc(out, func(a, b *Rule) int { return strings.Compare(a.ID, b.ID) })
	return out
}
