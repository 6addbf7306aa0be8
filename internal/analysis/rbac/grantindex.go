package rbac

import (
	"cmp"
	"slices"
	"strings"

	rbacv1 "k8s.io/api/rbac/v1"
)

// grantIndex holds the permissions that bindings give one subject key
// ("user:NAME" or "group:NAME", as bindingsNaming keys them), grouped by
// where they apply and by resource. Asking whether a subject may make a
// request then looks at the few rules that could answer it rather than at
// every rule the subject holds: in a large inventory a group such as
// system:serviceaccounts is bound hundreds of times over, and the search
// asks about every account in it.
type grantIndex struct {
	resources map[grantBucket][]rankedPermission
	urls      []rankedPermission // rules with non-resource URLs
	// What the search asks of all of a subject's rules, answered here
	// once per key rather than by a walk over them for every subject.
	namespaces []string           // of its namespaced rules, sorted
	named      []rankedPermission // rules with resourceNames
	escalates  bool               // some rule could allow escalate on a role
}

// grantBucket is where a rule applies ("" cluster-wide) and the resource
// it names, without its subresource; "*" stands for "*" and "*/sub".
type grantBucket struct{ namespace, resource string }

// rankedPermission is a permission with its place in the effective
// permissions of a subject: binding, then binding subject, then rule.
// The first permission that allows a request is the one reported.
type rankedPermission struct {
	p       *Permission
	binding int
	subject int
}

func (a rankedPermission) before(b rankedPermission) bool {
	return cmp.Or(cmp.Compare(a.binding, b.binding), cmp.Compare(a.subject, b.subject),
		cmp.Compare(a.p.RuleIndex, b.p.RuleIndex)) < 0
}

// newGrantIndex indexes the permissions of key: for each binding naming
// it, those of the binding's first subject that covers it.
func (p *Policy) newGrantIndex(key string) *grantIndex {
	var u User
	if name, ok := strings.CutPrefix(key, "user:"); ok {
		u.Name = name
	} else {
		u.Groups = []string{strings.TrimPrefix(key, "group:")}
	}
	x := &grantIndex{resources: map[grantBucket][]rankedPermission{}}
	for _, bi := range p.indexedNames()[key] {
		b := p.bindings[bi]
		i := slices.IndexFunc(b.Subjects, func(s rbacv1.Subject) bool { return appliesTo(s, u, b.Ref.Namespace) })
		if i < 0 {
			continue
		}
		for _, pm := range p.grantedBy(bi, i) {
			x.add(rankedPermission{p: pm, binding: bi, subject: i})
		}
	}
	slices.Sort(x.namespaces)
	x.namespaces = slices.Compact(x.namespaces)
	return x
}

func (x *grantIndex) add(rp rankedPermission) {
	if rp.p.Namespace != "" {
		x.namespaces = append(x.namespaces, rp.p.Namespace)
	}
	if len(rp.p.Rule.ResourceNames) > 0 {
		x.named = append(x.named, rp)
	}
	for _, res := range [...]string{"roles", "clusterroles"} {
		x.escalates = x.escalates || couldAllow(&rp.p.Rule, Request{Verb: "escalate", Group: Group, Resource: res})
	}
	if len(rp.p.Rule.NonResourceURLs) > 0 {
		x.urls = append(x.urls, rp)
	}
	var seen []string
	for _, rr := range rp.p.Rule.Resources {
		res, _, _ := strings.Cut(rr, "/")
		if slices.Contains(seen, res) {
			continue
		}
		seen = append(seen, res)
		b := grantBucket{rp.p.Namespace, res}
		x.resources[b] = append(x.resources[b], rp)
	}
}

// first returns the first permission of the key that allows the request.
func (x *grantIndex) first(r Request) (rankedPermission, bool) {
	if !r.IsResource() {
		i := slices.IndexFunc(x.urls, func(rp rankedPermission) bool {
			return (rp.p.Namespace == "" || rp.p.Namespace == r.Namespace) && ruleAllows(&rp.p.Rule, r)
		})
		if i < 0 {
			return rankedPermission{}, false
		}
		return x.urls[i], true
	}
	var best rankedPermission
	found := false
	look := func(b grantBucket) {
		for _, rp := range x.resources[b] {
			if ruleAllows(&rp.p.Rule, r) {
				if !found || rp.before(best) {
					best, found = rp, true
				}
				return // the bucket is in order: the rest come later
			}
		}
	}
	look(grantBucket{"", r.Resource})
	look(grantBucket{"", "*"})
	if r.Namespace != "" {
		look(grantBucket{r.Namespace, r.Resource})
		look(grantBucket{r.Namespace, "*"})
	}
	return best, found
}

// couldWide reports whether a cluster-wide permission of the key could
// allow a request like r for some object name.
func (x *grantIndex) couldWide(r Request) bool {
	for _, res := range [...]string{r.Resource, "*"} {
		for _, rp := range x.resources[grantBucket{"", res}] {
			if couldAllow(&rp.p.Rule, r) {
				return true
			}
		}
	}
	return false
}

// identityKeys are the bindingsNaming keys that may stand for the user.
func identityKeys(u User) []string {
	var keys []string
	if u.Name != "" {
		keys = append(keys, "user:"+u.Name)
	}
	for _, g := range u.Groups {
		keys = append(keys, "group:"+g)
	}
	return keys
}
