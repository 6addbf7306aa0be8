package rbac

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	rbacv1 "k8s.io/api/rbac/v1"

	"github.com/kubeward/kubeward/internal/kube"
)

// This file matches RBAC rules the way the API server's authorizer does:
// a rule grants a request when its apiGroups, resources and verbs each
// contain the requested value or "*" (resources may also say "*/sub" for
// one subresource of every resource), and its resourceNames, when set,
// contain the object's name.

// rbacGroup is the API group of Role, ClusterRole and their bindings. A
// kind named Role in another group is some CRD and none of these checks'
// business.
const rbacGroup = "rbac.authorization.k8s.io"

// resource is one resource of one API group, as a rule names it: "secrets"
// in "", "pods/exec" in "". A name ending in "/*" stands for every
// subresource of the resource ("userextras/*").
type resource struct {
	group   string
	name    string
	cluster bool // cluster-scoped: a namespaced Role cannot grant it
}

// String renders the resource with its group, the way messages name it.
func (r resource) String() string {
	if r.group == "" {
		return r.name
	}
	return r.name + " (" + r.group + ")"
}

// grant is what one rule grants of the asked verbs on the asked resources.
type grant struct {
	rule      int        // index of the rule in the role
	entry     int        // index in the rule's resources of the first entry that matched
	resources []resource // the asked resources the rule grants, in asked order
	verbs     []string   // the granted verbs, in asked order (the rule's own when any verb was asked)
	allVerbs  bool       // the verbs come from verbs "*"
	names     []string   // the rule's resourceNames; empty grants every object
	wildcard  string     // the wildcard entry the grant came through, if any: `resources "*"`
}

// path is the field path of the resources entry that gave the grant.
func (g grant) path() string {
	return kube.Index(kube.Key(kube.Index("rules", g.rule), "resources"), g.entry)
}

// verbText renders the granted verbs for a message.
func (g grant) verbText() string {
	if g.allVerbs {
		return `every verb ("*")`
	}
	return strings.Join(g.verbs, ", ")
}

// resourceText renders the granted resources for a message.
func (g grant) resourceText() string {
	const shown = 4 // a "*" rule matches every asked resource; keep it short
	parts := make([]string, 0, shown+1)
	for i, r := range g.resources {
		if i == shown && len(g.resources) > shown+1 {
			parts = append(parts, fmt.Sprintf("%d more", len(g.resources)-shown))
			break
		}
		parts = append(parts, r.String())
	}
	return strings.Join(parts, ", ")
}

// detail says how the grant is limited or widened: by resourceNames, or
// through a wildcard entry.
func (g grant) detail() string {
	var d []string
	if g.wildcard != "" {
		d = append(d, "through "+g.wildcard)
	}
	if len(g.names) > 0 {
		d = append(d, "only resourceNames "+quoteList(g.names))
	}
	if len(d) == 0 {
		return ""
	}
	return " (" + strings.Join(d, "; ") + ")"
}

// describe renders "get, list on secrets (through resources "*")".
func (g grant) describe() string {
	return g.verbText() + " on " + g.resourceText() + g.detail()
}

// resourceRules returns the rules that grant access to resources. The
// rules of a ClusterRole with an aggregationRule are ignored: the
// controller manager overwrites them with the aggregated roles' rules.
func resourceRules(r *kube.Role) []rbacv1.PolicyRule {
	if r.Object.Group() != rbacGroup || r.AggregationRule != nil {
		return nil
	}
	return r.Rules
}

// grants lists the rules of the role that grant any of verbs on any of the
// resources, one grant per rule. Nil verbs asks for any verb at all.
func grants(r *kube.Role, verbs []string, resources ...resource) []grant {
	var out []grant
	for i, rule := range resourceRules(r) {
		g := grant{rule: i, entry: -1, names: rule.ResourceNames, allVerbs: slices.Contains(rule.Verbs, "*")}
		for _, res := range resources {
			if res.cluster && !r.Cluster {
				continue
			}
			if !slices.Contains(rule.APIGroups, res.group) && !slices.Contains(rule.APIGroups, "*") {
				continue
			}
			entry := matchResource(rule.Resources, res.name)
			if entry < 0 {
				continue
			}
			vs := grantedVerbs(rule, res, verbs)
			if len(vs) == 0 {
				continue
			}
			if g.entry < 0 || entry < g.entry {
				g.entry = entry // point at the first entry of the rule that grants
				g.wildcard = wildcardVia(rule, entry, res)
			}
			g.resources = append(g.resources, res)
			for _, v := range vs {
				if !slices.Contains(g.verbs, v) {
					g.verbs = append(g.verbs, v)
				}
			}
		}
		if g.entry >= 0 {
			if verbs != nil {
				g.verbs = ordered(g.verbs, verbs)
			}
			out = append(out, g)
		}
	}
	return out
}

// matchResource returns the index of the first entry of resources that
// covers name, or -1.
func matchResource(resources []string, name string) int {
	base, sub, hasSub := strings.Cut(name, "/")
	for i, e := range resources {
		switch {
		case e == "*", e == name:
			return i
		case sub == "*" && strings.HasPrefix(e, base+"/"):
			return i // any subresource asked: "userextras/scopes" is one
		case hasSub && sub != "*" && e == "*/"+sub:
			return i
		}
	}
	return -1
}

// grantedVerbs returns which of the asked verbs the rule grants on res.
func grantedVerbs(rule rbacv1.PolicyRule, res resource, verbs []string) []string {
	var out []string
	if verbs == nil {
		out = slices.Clone(rule.Verbs)
	} else {
		for _, v := range verbs {
			if slices.Contains(rule.Verbs, v) || slices.Contains(rule.Verbs, "*") {
				out = append(out, v)
			}
		}
	}
	if len(rule.ResourceNames) > 0 && !strings.Contains(res.name, "/") {
		// A create or deletecollection request on a top-level resource has
		// no object name to authorize, so a name-restricted rule never
		// grants it. (A subresource request carries its parent's name.)
		out = slices.DeleteFunc(out, func(v string) bool { return v == "create" || v == "deletecollection" })
	}
	return out
}

// wildcardVia names the wildcard entry a grant came through, if any.
func wildcardVia(rule rbacv1.PolicyRule, entry int, res resource) string {
	if e := rule.Resources[entry]; e != res.name {
		return "resources " + strconv.Quote(e)
	}
	if !slices.Contains(rule.APIGroups, res.group) {
		return `apiGroups "*"`
	}
	return ""
}

// ordered sorts got in the order of want.
func ordered(got, want []string) []string {
	out := make([]string, 0, len(got))
	for _, w := range want {
		if slices.Contains(got, w) {
			out = append(out, w)
		}
	}
	return out
}

// scope says where a role's grants apply, for messages.
func scope(r *kube.Role) string {
	if !r.Cluster {
		if r.Object.Namespace == "" {
			return "in its namespace"
		}
		return fmt.Sprintf("in namespace %q", r.Object.Namespace)
	}
	return "in every namespace when bound by a ClusterRoleBinding"
}

// quoteList quotes the values of a rule field for a message; long lists
// are cut, since the finding's path already points at the whole field.
func quoteList(ss []string) string {
	const shown = 4
	q := make([]string, 0, shown+1)
	for i, s := range ss {
		if i == shown && len(ss) > shown+1 {
			q = append(q, fmt.Sprintf("%d more", len(ss)-shown))
			break
		}
		q = append(q, strconv.Quote(s))
	}
	return strings.Join(q, ", ")
}
