package rbac

import (
	"slices"
	"strings"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
)

// aggregateLabels are the labels that pull a ClusterRole's rules into the
// built-in user-facing roles, broadest first: view is aggregated into edit
// and edit into admin.
var aggregateLabels = []struct {
	label, feeds string
	inEdit       bool // edit (and so admin) already grants secrets read, exec and service-account impersonation
}{
	{"rbac.authorization.k8s.io/aggregate-to-view", "view (and through it edit and admin)", false},
	{"rbac.authorization.k8s.io/aggregate-to-edit", "edit (and through it admin)", true},
	{"rbac.authorization.k8s.io/aggregate-to-admin", "admin", true},
}

// danger is one dangerous grant of a role.
type danger struct {
	what   string // "get, list on secrets at rules[0].resources[1]"
	inEdit bool   // the built-in edit role grants as much already
}

// dangers lists the grants that must not flow into a role by aggregation:
// secrets read, pod exec, escalate, bind, impersonate and wildcards.
func dangers(r *kube.Role) []danger {
	var out []danger
	add := func(gs []grant, inEdit func(grant) bool) {
		for _, g := range gs {
			out = append(out, danger{what: g.describe() + " at " + g.path(), inEdit: inEdit(g)})
		}
	}
	always := func(grant) bool { return true }
	never := func(grant) bool { return false }
	var readable []grant
	for _, g := range grants(r, []string{"get", "list", "watch"}, secrets) {
		if len(g.names) == 0 {
			readable = append(readable, g)
		}
	}
	add(readable, always)
	add(grants(r, []string{"create", "get"}, podShellResources...), always)
	add(grants(r, []string{"escalate", "bind"}, roleResources...), never)
	add(grants(r, []string{"impersonate"}, impersonable...), func(g grant) bool {
		return len(g.resources) == 1 && g.resources[0].name == "serviceaccounts"
	})
	for i, rule := range resourceRules(r) {
		if len(rule.Resources) > 0 && (slices.Contains(rule.Verbs, "*") || slices.Contains(rule.Resources, "*") || slices.Contains(rule.APIGroups, "*")) {
			out = append(out, danger{what: `a "*" at ` + kube.Index("rules", i)})
		}
	}
	return out
}

// dangerText joins the dangers a finding names.
func dangerText(ds []danger) string {
	parts := make([]string, len(ds))
	for i, d := range ds {
		parts[i] = d.what
	}
	return strings.Join(parts, "; ")
}

// AggregatedDangerous reports ClusterRoles whose aggregation labels feed
// dangerous rules into the built-in admin, edit or view roles.
var AggregatedDangerous = &check.Check[*kube.Role]{
	Meta: check.Meta{
		ID:       "rbac-aggregation-dangerous",
		Title:    "Dangerous rules aggregated into built-in roles",
		Severity: check.High,
		Family:   Family,
		Description: "A ClusterRole labelled rbac.authorization.k8s.io/aggregate-to-view, -edit " +
			"or -admin adds its rules to the built-in role of that name, and so to everyone " +
			"bound to it, usually many people. Reported when the rules read Secrets, exec into " +
			"pods, escalate, bind, impersonate or use a wildcard, and only what the built-in " +
			"role lacks: edit and admin already read Secrets and exec. High: it silently widens " +
			"roles everyone assumes are well known.",
		Remediation: "Remove the aggregation label, or move the dangerous rules to a separate " +
			"ClusterRole bound only to who needs it.",
		Controls: []check.Control{
			{Framework: check.FrameworkNSA, ID: "rbac"},
			{Framework: check.FrameworkMITRE, ID: "T1098"},
		},
	},
	Run: func(p *check.Pass[*kube.Role]) error {
		r := p.Subject
		if !r.Cluster {
			return nil
		}
		var ds []danger
		for _, a := range aggregateLabels {
			if r.Object.Meta.Labels[a.label] != "true" {
				continue
			}
			if ds == nil {
				ds = dangers(r)
			}
			var news []danger
			for _, d := range ds {
				if !a.inEdit || !d.inEdit {
					news = append(news, d)
				}
			}
			if len(news) > 0 {
				p.Reportf(kube.Key(kube.Key("metadata", "labels"), a.label),
					"aggregated into the built-in %s role, it gives all their holders %s", a.feeds, dangerText(news))
				return nil // the broadest label says it all
			}
		}
		return nil
	},
}
