package rbac

import (
	"cmp"
	"slices"

	rbacv1 "k8s.io/api/rbac/v1"

	"github.com/kubeward/kubeward/internal/kube"
)

// Permission is one rule a subject holds, where it holds it and through
// which binding and role.
type Permission struct {
	// Namespace is where the rule applies; empty for a ClusterRoleBinding,
	// which grants it cluster-wide and in every namespace.
	Namespace string            `json:"namespace,omitempty"`
	Rule      rbacv1.PolicyRule `json:"rule"`
	Binding   kube.Ref          `json:"binding"`
	Role      kube.Ref          `json:"role"`
	RuleIndex int               `json:"ruleIndex"`
	Subject   Subject           `json:"subject"` // the binding subject that matched
	binding   *Binding          // for locations
	subject   int               // index in binding.Subjects
}

// Allows reports whether the permission grants the request.
func (p Permission) Allows(r Request) bool {
	if p.Namespace != "" && p.Namespace != r.Namespace {
		return false
	}
	return ruleAllows(&p.Rule, r)
}

// Scope renders where the permission applies.
func (p Permission) Scope() string {
	if p.Namespace == "" {
		return "cluster-wide"
	}
	return "namespace " + p.Namespace
}

// Permissions returns every rule the user holds, in binding order: the
// user's effective permissions.
func (p *Policy) Permissions(u User) []Permission {
	var out []Permission
	for _, bi := range p.bindingsNaming(u) {
		b := p.bindings[bi]
		for i, s := range b.Subjects {
			if !appliesTo(s, u, b.Ref.Namespace) {
				continue
			}
			k, rules, ok := p.roleOf(b)
			if !ok {
				break
			}
			subj, _ := normalize(s, b.Ref.Namespace)
			for ri, rule := range rules {
				out = append(out, Permission{Namespace: b.Ref.Namespace, Rule: rule, Binding: b.Ref,
					Role: k.ref(), RuleIndex: ri, Subject: subj, binding: b, subject: i})
			}
			break // one subject of a binding is enough; the rest add nothing
		}
	}
	return out
}

// Allowed reports whether the policy lets the user make the request.
func (p *Policy) Allowed(u User, r Request) bool {
	return slices.ContainsFunc(p.Permissions(u), func(pm Permission) bool { return pm.Allows(r) })
}

// Grant is one binding subject that may make a request, with the binding,
// role and rule that grant it.
type Grant struct {
	Subject   Subject  `json:"subject"`
	Binding   kube.Ref `json:"binding"`
	Role      kube.Ref `json:"role"`
	RuleIndex int      `json:"ruleIndex"`
	binding   *Binding
	subject   int
}

// Location is where the granting subject stands in the input.
func (g Grant) Location() kube.Location {
	if g.subject < len(g.binding.SubjectLocations) {
		return g.binding.SubjectLocations[g.subject]
	}
	return g.binding.Location
}

// Path is the field path of the granting subject in its binding.
func (g Grant) Path() string { return kube.Index("subjects", g.subject) }

// Matches reports whether the grant covers the user.
func (g Grant) Matches(u User) bool {
	return appliesTo(g.binding.Subjects[g.subject], u, g.binding.Ref.Namespace)
}

// WhoCan returns every binding subject the policy lets make the request,
// one grant per subject and binding (the first rule that grants it),
// ClusterRoleBindings first. A group subject stands for all its members.
func (p *Policy) WhoCan(r Request) []Grant {
	bindings := p.cluster
	if r.Namespace != "" {
		bindings = append(slices.Clip(bindings), p.namespace[r.Namespace]...)
	}
	var out []Grant
	for _, b := range bindings {
		k, rules, ok := p.roleOf(b)
		if !ok {
			continue
		}
		ri := slices.IndexFunc(rules, func(rule rbacv1.PolicyRule) bool { return ruleAllows(&rule, r) })
		if ri < 0 {
			continue
		}
		for i, s := range b.Subjects {
			subj, ok := normalize(s, b.Ref.Namespace)
			if !ok {
				continue
			}
			out = append(out, Grant{Subject: subj, Binding: b.Ref, Role: k.ref(), RuleIndex: ri, binding: b, subject: i})
		}
	}
	return out
}

// sharedPermissions is Permissions with each permission made once per
// binding subject and shared by every user it applies to.
func (p *Policy) sharedPermissions(u User) []*Permission {
	var out []*Permission
	for _, bi := range p.bindingsNaming(u) {
		b := p.bindings[bi]
		for i, s := range b.Subjects {
			if appliesTo(s, u, b.Ref.Namespace) {
				out = append(out, p.grantedBy(bi, i)...)
				break // one subject of a binding is enough; the rest add nothing
			}
		}
	}
	return out
}

// grantedBy returns the permissions binding bi gives its subject i.
func (p *Policy) grantedBy(bi, i int) []*Permission {
	p.grantsMu.Lock()
	defer p.grantsMu.Unlock()
	key := [2]int{bi, i}
	if ps, ok := p.grants[key]; ok {
		return ps
	}
	b := p.bindings[bi]
	var ps []*Permission
	if k, rules, ok := p.roleOf(b); ok {
		subj, _ := normalize(b.Subjects[i], b.Ref.Namespace)
		for ri, rule := range rules {
			ps = append(ps, &Permission{Namespace: b.Ref.Namespace, Rule: rule, Binding: b.Ref,
				Role: k.ref(), RuleIndex: ri, Subject: subj, binding: b, subject: i})
		}
	}
	if p.grants == nil {
		p.grants = map[[2]int][]*Permission{}
	}
	p.grants[key] = ps
	return ps
}

// bindingsNaming returns, in binding order, the indexes of the bindings
// with a subject that may stand for the user: its name, one of its groups
// or, for a service account, its user name. The others cannot apply, and
// a large inventory has many bindings and many subjects to ask about.
func (p *Policy) bindingsNaming(u User) []int {
	var out []int
	for _, key := range identityKeys(u) {
		out = append(out, p.indexedNames()[key]...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// indexedNames returns the indexes, in order, of the bindings naming each
// key: "user:NAME" (a service account as its user name) or "group:NAME".
func (p *Policy) indexedNames() map[string][]int {
	p.byNameOnce.Do(func() {
		p.byName = map[string][]int{}
		for bi, b := range p.bindings {
			for _, s := range b.Subjects {
				var key string
				switch s.Kind {
				case KindUser:
					key = "user:" + s.Name
				case KindGroup:
					key = "group:" + s.Name
				case KindServiceAccount:
					ns := cmp.Or(s.Namespace, b.Ref.Namespace)
					key = "user:" + ServiceAccountUser(ns, s.Name)
				default:
					continue
				}
				if l := p.byName[key]; len(l) == 0 || l[len(l)-1] != bi {
					p.byName[key] = append(l, bi)
				}
			}
		}
	})
	return p.byName
}
