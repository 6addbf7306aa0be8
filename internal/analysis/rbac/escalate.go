package rbac

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// anyName is an object name no rule lists: a request for it is granted
// only by rules without resourceNames, that is on every object.
const anyName = "kubeward:any-name"

// maxDepth bounds how many subjects a path passes through.
const maxDepth = 5

// workloadResources are what runs pods, each with its group: creating any
// of them runs pods as a service account of the namespace.
var workloadResources = []struct{ group, resource string }{
	{"", "pods"}, {"apps", "deployments"}, {"apps", "daemonsets"}, {"apps", "statefulsets"},
	{"apps", "replicasets"}, {"batch", "jobs"}, {"batch", "cronjobs"}, {"", "replicationcontrollers"},
}

// chain is a path from some subject to an end.
type chain struct {
	hops []string
	end  End
}

func better(a, b chain) bool {
	return cmp.Or(cmp.Compare(a.end.rank(), b.end.rank()), cmp.Compare(len(a.hops), len(b.hops))) < 0
}

// move is one hop a subject can make: to an end, or to another subject.
type move struct {
	tech  string
	grant Permission
	hops  []string
	end   *End
	next  *Subject
}

// searcher finds paths over one policy; it caches each subject's
// permissions and best chain.
type searcher struct {
	p          *Policy
	perms      map[Subject][]Permission
	memo       map[Subject]*chain
	scopes     map[Subject][]string // see scope
	namespaces []string
	sas        map[string][]Subject // candidate service accounts by namespace
	users      []Subject            // users and groups named by bindings
	groups     []Subject
	tokens     []TokenSecret
	usedBy     map[Subject][]string
}

func newSearcher(p *Policy, x Extras) *searcher {
	s := &searcher{p: p, perms: map[Subject][]Permission{}, memo: map[Subject]*chain{}, scopes: map[Subject][]string{},
		sas: map[string][]Subject{}, usedBy: map[Subject][]string{}, tokens: x.TokenSecrets}
	nss := map[string]bool{}
	addSA := func(ns, name string) {
		nss[ns] = true
		sa := Subject{Kind: KindServiceAccount, Namespace: ns, Name: name}
		if !slices.Contains(s.sas[ns], sa) {
			s.sas[ns] = append(s.sas[ns], sa)
		}
	}
	for _, b := range p.bindings {
		if b.Ref.Namespace != "" {
			nss[b.Ref.Namespace] = true
		}
		for _, bs := range b.Subjects {
			n, ok := normalize(bs, b.Ref.Namespace)
			switch {
			case !ok:
			case n.Kind == KindServiceAccount:
				addSA(n.Namespace, n.Name)
			case n.Kind == KindUser && !slices.Contains(s.users, n):
				s.users = append(s.users, n)
			case n.Kind == KindGroup && !slices.Contains(s.groups, n):
				s.groups = append(s.groups, n)
			}
		}
	}
	for _, w := range x.Workloads {
		addSA(w.Ref.Namespace, w.ServiceAccount)
		sa := Subject{Kind: KindServiceAccount, Namespace: w.Ref.Namespace, Name: w.ServiceAccount}
		if r := w.Ref.String(); !slices.Contains(s.usedBy[sa], r) {
			s.usedBy[sa] = append(s.usedBy[sa], r)
		}
	}
	for _, r := range x.ServiceAccounts {
		addSA(r.Namespace, r.Name)
	}
	for _, t := range x.TokenSecrets {
		addSA(t.Ref.Namespace, t.ServiceAccount)
	}
	for ns := range nss {
		addSA(ns, "default") // every namespace has one
		s.namespaces = append(s.namespaces, ns)
	}
	slices.Sort(s.namespaces)
	for _, list := range s.sas {
		slices.SortFunc(list, func(a, b Subject) int { return strings.Compare(a.Name, b.Name) })
	}
	return s
}

// grant returns the first permission of the subject that allows the request.
// permsOf returns the subject's effective permissions, computed once.
func (s *searcher) permsOf(sub Subject) []Permission {
	ps, ok := s.perms[sub]
	if !ok {
		ps = s.p.Permissions(sub.Identity())
		s.perms[sub] = ps
	}
	return ps
}

func (s *searcher) grant(sub Subject, r Request) (Permission, bool) {
	ps := s.permsOf(sub)
	for i := range ps {
		p := &ps[i] // not copied: grant runs for every hop of every search
		if (p.Namespace == "" || p.Namespace == r.Namespace) && ruleAllows(&p.Rule, r) {
			return *p, true
		}
	}
	return Permission{}, false
}

// scope returns the namespaces where the subject holds any permission, in
// the order of s.namespaces: all of them when it holds one cluster-wide.
// The searches look only there, since no request elsewhere can be granted.
func (s *searcher) scope(sub Subject) []string {
	if nss, ok := s.scopes[sub]; ok {
		return nss
	}
	in := map[string]bool{}
	all := false
	for _, p := range s.permsOf(sub) {
		if p.Namespace == "" {
			all = true
			break
		}
		in[p.Namespace] = true
	}
	nss := s.namespaces
	if !all {
		nss = nil
		for _, ns := range s.namespaces {
			if in[ns] {
				nss = append(nss, ns)
			}
		}
	}
	s.scopes[sub] = nss
	return nss
}

func via(p Permission) string {
	return fmt.Sprintf("(%s -> %s)", p.Binding, p.Role)
}

// saText names a service account and the workloads that run as it.
func (s *searcher) saText(sa Subject) string {
	t := sa.Text()
	if ws := s.usedBy[sa]; len(ws) > 0 {
		shown := ws
		if len(ws) > 3 {
			shown = append(slices.Clip(ws[:3]), fmt.Sprintf("%d more", len(ws)-3))
		}
		t += " (used by " + strings.Join(shown, ", ") + ")"
	}
	return t
}

// clusterAdmin returns the permission making the subject cluster-admin.
func (s *searcher) clusterAdmin(sub Subject) (Permission, bool) {
	return s.grant(sub, Request{Verb: "*", Group: "*", Resource: "*"})
}

// readsSecrets returns the permission letting the subject read every
// Secret of ns ("" for all namespaces).
func (s *searcher) readsSecrets(sub Subject, ns string) (Permission, bool) {
	for _, v := range []string{"list", "get"} {
		if p, ok := s.grant(sub, Request{Verb: v, Resource: "secrets", Name: nameFor(v), Namespace: ns}); ok {
			return p, true
		}
	}
	return Permission{}, false
}

func nameFor(verb string) string {
	if verb == "list" || verb == "watch" || verb == "create" || verb == "deletecollection" {
		return ""
	}
	return anyName
}

// best is the most severe, then shortest, chain from the subject; nil
// when it reaches nothing.
func (s *searcher) best(sub Subject, seen []Subject) *chain {
	if c, ok := s.memo[sub]; ok {
		return c
	}
	var out *chain
	offer := func(c chain) {
		if out == nil || better(c, *out) {
			out = &c
		}
	}
	if p, ok := s.clusterAdmin(sub); ok {
		out = &chain{hops: []string{sub.Text() + ` holds every verb on every resource ` + via(p)}, end: End{Kind: EndClusterAdmin}}
		s.memo[sub] = out
		return out
	}
	for _, ns := range append([]string{""}, s.scope(sub)...) {
		if p, ok := s.readsSecrets(sub, ns); ok {
			where := "every namespace"
			if ns != "" {
				where = "namespace " + quote(ns)
			}
			offer(chain{hops: []string{fmt.Sprintf("%s can read Secrets in %s %s", sub.Text(), where, via(p))}, end: End{Kind: EndSecrets, Namespace: ns}})
			if ns == "" {
				break
			}
		}
	}
	seen = append(slices.Clip(seen), sub)
	if len(seen) <= maxDepth {
		for _, m := range s.moves(sub) {
			if c, ok := s.follow(m, seen); ok {
				offer(c)
			}
		}
	}
	s.memo[sub] = out
	return out
}

// follow completes a move into a chain.
func (s *searcher) follow(m move, seen []Subject) (chain, bool) {
	if m.end != nil {
		return chain{hops: m.hops, end: *m.end}, true
	}
	if slices.Contains(seen, *m.next) {
		return chain{}, false
	}
	c := s.best(*m.next, seen)
	if c == nil {
		return chain{}, false
	}
	return chain{hops: append(slices.Clip(m.hops), c.hops...), end: c.end}, true
}

// Paths returns the escalation paths of every subject the bindings name,
// except Kubernetes' own components (Expected) and subjects that are
// cluster-admin already: for each subject and technique, the most severe
// and then shortest path.
func (p *Policy) Paths(x Extras) []Path {
	s := newSearcher(p, x)
	var sources []Subject
	for _, b := range p.bindings {
		for _, bs := range b.Subjects {
			if n, ok := normalize(bs, b.Ref.Namespace); ok && !slices.Contains(sources, n) && !Expected(n, p) {
				sources = append(sources, n)
			}
		}
	}
	var out []Path
	for _, src := range sources {
		if _, ok := s.clusterAdmin(src); ok {
			continue // rbac-cluster-admin-binding and rbac-wildcard-admin-binding say so
		}
		best := map[string]*Path{}
		for _, m := range s.moves(src) {
			c, ok := s.follow(m, []Subject{src})
			if !ok || s.holds(src, c.end) {
				continue
			}
			if cur := best[m.tech]; cur == nil || better(c, chain{cur.Hops, cur.End}) {
				best[m.tech] = &Path{Technique: m.tech, Subject: src, Grant: m.grant, Hops: c.hops, End: c.end}
			}
		}
		for _, tech := range []string{TechWorkloadCreate, TechSecretsRead, TechTokenCreate, TechBindEscalate, TechImpersonate, TechNodesProxy, TechCSRApprove} {
			if pth := best[tech]; pth != nil {
				if src.Kind == KindServiceAccount {
					pth.Hops[0] = strings.Replace(pth.Hops[0], src.Text(), s.saText(src), 1)
				}
				out = append(out, *pth)
			}
		}
	}
	return out
}

// holds reports whether the subject has the end already, without a path:
// reading Secrets it may read anyway is no escalation.
func (s *searcher) holds(sub Subject, e End) bool {
	if e.Kind != EndSecrets {
		return false
	}
	if _, ok := s.readsSecrets(sub, e.Namespace); ok {
		return true
	}
	_, ok := s.readsSecrets(sub, "")
	return ok
}
