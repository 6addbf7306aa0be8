package rbac

import (
	"slices"
	"strings"

	rbacv1 "k8s.io/api/rbac/v1"
)

// Request is what the authorizer is asked: a verb on a resource (with its
// group, subresource, object name and namespace), or a verb on a
// non-resource URL when Path is set. An empty Namespace asks about a
// cluster-scoped resource or all namespaces at once, which only
// ClusterRoleBindings grant.
type Request struct {
	Verb        string `json:"verb"`
	Group       string `json:"apiGroup"`
	Resource    string `json:"resource,omitempty"`
	Subresource string `json:"subresource,omitempty"`
	Name        string `json:"name,omitempty"`
	Namespace   string `json:"namespace,omitempty"`
	Path        string `json:"nonResourceURL,omitempty"`
}

// IsResource reports whether the request is about a resource rather than
// a non-resource URL.
func (r Request) IsResource() bool { return r.Path == "" }

// String renders the request for messages: "create pods/exec in namespace
// \"x\"".
func (r Request) String() string {
	if !r.IsResource() {
		return r.Verb + " " + r.Path
	}
	s := r.Verb + " " + r.resourceText()
	if r.Name != "" {
		s += " named " + quote(r.Name)
	}
	if r.Namespace != "" {
		s += " in namespace " + quote(r.Namespace)
	}
	return s
}

func (r Request) resourceText() string {
	res := r.Resource
	if r.Subresource != "" {
		res += "/" + r.Subresource
	}
	if r.Group != "" {
		res += " (" + r.Group + ")"
	}
	return res
}

// ruleAllows reports whether one rule grants the request, with the RBAC
// authorizer's semantics.
func ruleAllows(rule *rbacv1.PolicyRule, r Request) bool {
	if !verbMatches(rule.Verbs, r.Verb) {
		return false
	}
	if !r.IsResource() {
		return urlMatches(rule.NonResourceURLs, r.Path)
	}
	return (slices.Contains(rule.APIGroups, rbacv1.APIGroupAll) || slices.Contains(rule.APIGroups, r.Group)) &&
		resourceMatches(rule.Resources, r.Resource, r.Subresource) &&
		(len(rule.ResourceNames) == 0 || slices.Contains(rule.ResourceNames, r.Name))
}

// couldAllow is ruleAllows for a resource request whatever its object's
// name: true when the rule grants the request for some name.
func couldAllow(rule *rbacv1.PolicyRule, r Request) bool {
	return verbMatches(rule.Verbs, r.Verb) && r.IsResource() &&
		(slices.Contains(rule.APIGroups, rbacv1.APIGroupAll) || slices.Contains(rule.APIGroups, r.Group)) &&
		resourceMatches(rule.Resources, r.Resource, r.Subresource)
}

func verbMatches(verbs []string, verb string) bool {
	return slices.Contains(verbs, rbacv1.VerbAll) || slices.Contains(verbs, verb)
}

// resourceMatches: "*" matches everything, "res/sub" the subresource
// itself and "*/sub" that subresource of every resource. A plain "pods"
// does not cover "pods/exec".
func resourceMatches(ruleResources []string, resource, sub string) bool {
	for _, rr := range ruleResources {
		switch {
		case rr == rbacv1.ResourceAll:
			return true
		case sub == "":
			if rr == resource {
				return true
			}
		// "res/sub" and "*/sub", compared without building either string:
		// this runs for every rule of every subject an escalation search
		// looks at.
		case len(rr) == len(resource)+1+len(sub) && rr[len(resource)] == '/' &&
			rr[:len(resource)] == resource && rr[len(resource)+1:] == sub:
			return true
		case len(rr) == 2+len(sub) && rr[:2] == "*/" && rr[2:] == sub:
			return true
		}
	}
	return false
}

// urlMatches: "*" matches every path, an entry ending in "*" every path
// with that prefix, anything else the exact path.
func urlMatches(urls []string, path string) bool {
	for _, u := range urls {
		switch {
		case u == rbacv1.NonResourceAll, u == path:
			return true
		case strings.HasSuffix(u, "*") && strings.HasPrefix(path, strings.TrimRight(u, "*")):
			return true
		}
	}
	return false
}

func quote(s string) string { return `"` + s + `"` }
