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
	hops hops
	end  End
}

func better(a, b chain) bool {
	return cmp.Or(cmp.Compare(a.end.rank(), b.end.rank()), cmp.Compare(a.hops.n, b.hops.n)) < 0
}

// move is one hop a subject can make: to an end, or to another subject.
// hops are a path's steps in words. The search weighs many more paths
// than it reports, so the words are only written for the ones it keeps.
type hops struct {
	n    int
	text func() []string // a new slice on every call
}

func oneHop(text func() string) hops {
	return hops{1, func() []string { return []string{text()} }}
}

type move struct {
	tech  string
	grant *Permission // the index's: shared, never changed
	hops  hops
	end   *End
	next  *Subject
	// among, when set, stands for one move to each of these subjects,
	// with the hops hopsVia gives; follow takes the best of them.
	among     []Subject
	amongFrom int // among's place in searcher.allSAs
	hopsVia   func(Subject) hops
	viaHops   int // hopsVia(x).n, the same for every x
}

// searcher finds paths over one policy; it caches each subject's
// permissions and best chain.
type searcher struct {
	p           *Policy
	perms       map[Subject][]*Permission
	indexes     map[Subject][]*grantIndex // see indexesOf
	keyIndex    map[string]*grantIndex    // by bindingsNaming key; nil when no binding names it
	memo        map[Subject]*chain
	namespaced  map[Subject][]string // see namespacedIn
	allSAs      []Subject            // every candidate service account, by namespace
	saStart     map[string]int       // where each namespace's accounts start in allSAs
	saIndex     map[Subject]int      // each account's place in allSAs
	saMemo      []*chain             // by place in allSAs: memo, without hashing the account
	saDone      []bool               // by place in allSAs: saMemo is set
	nextLive    []int32              // by place in allSAs: see live
	known       knownAccounts        // see bestAmong
	namespaces  []string
	sas         map[string][]Subject // candidate service accounts by namespace
	users       []Subject            // users and groups named by bindings
	groups      []Subject
	tokens      []TokenSecret
	tokensIn    map[string][]int    // places in tokens by namespace
	nsOfAccount map[string][]string // namespaces holding an account of each name
	usedBy      map[Subject][]string
}

func newSearcher(p *Policy, x Extras) *searcher {
	s := &searcher{p: p, perms: map[Subject][]*Permission{}, indexes: map[Subject][]*grantIndex{}, keyIndex: map[string]*grantIndex{},
		memo: map[Subject]*chain{}, namespaced: map[Subject][]string{},
		sas: map[string][]Subject{}, usedBy: map[Subject][]string{}, tokens: x.TokenSecrets}
	nss := map[string]bool{}
	// Sets beside the lists: a namespace may hold thousands of accounts,
	// and an account may run thousands of workloads.
	listed := map[Subject]bool{}
	addSA := func(ns, name string) {
		nss[ns] = true
		sa := Subject{Kind: KindServiceAccount, Namespace: ns, Name: name}
		if !listed[sa] {
			listed[sa] = true
			s.sas[ns] = append(s.sas[ns], sa)
		}
	}
	type use struct {
		sa       Subject
		workload string
	}
	used := map[use]bool{}
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
		if r := w.Ref.String(); !used[use{sa, r}] {
			used[use{sa, r}] = true
			s.usedBy[sa] = append(s.usedBy[sa], r)
		}
	}
	for _, r := range x.ServiceAccounts {
		addSA(r.Namespace, r.Name)
	}
	s.tokensIn = map[string][]int{}
	for i, t := range x.TokenSecrets {
		addSA(t.Ref.Namespace, t.ServiceAccount)
		s.tokensIn[t.Ref.Namespace] = append(s.tokensIn[t.Ref.Namespace], i)
	}
	for ns := range nss {
		addSA(ns, "default") // every namespace has one
		s.namespaces = append(s.namespaces, ns)
	}
	slices.Sort(s.namespaces)
	for _, list := range s.sas {
		slices.SortFunc(list, func(a, b Subject) int { return strings.Compare(a.Name, b.Name) })
	}
	s.saStart, s.saIndex = map[string]int{}, map[Subject]int{}
	for _, ns := range s.namespaces {
		s.saStart[ns] = len(s.allSAs)
		s.allSAs = append(s.allSAs, s.sas[ns]...)
	}
	s.nsOfAccount = map[string][]string{}
	for i, sa := range s.allSAs {
		s.saIndex[sa] = i
		s.nsOfAccount[sa.Name] = append(s.nsOfAccount[sa.Name], sa.Namespace)
	}
	s.saMemo, s.saDone = make([]*chain, len(s.allSAs)), make([]bool, len(s.allSAs))
	s.known = newKnownAccounts(len(s.allSAs))
	s.nextLive = make([]int32, len(s.allSAs)+1)
	for i := range s.nextLive {
		s.nextLive[i] = int32(i)
	}
	return s
}

// permsOf returns the subject's effective permissions, computed once.
// They are shared with every subject that holds them through the same
// binding subject (a group names thousands of service accounts).
func (s *searcher) permsOf(sub Subject) []*Permission {
	ps, ok := s.perms[sub]
	if !ok {
		ps = s.p.sharedPermissions(sub.Identity())
		s.perms[sub] = ps
	}
	return ps
}

// grant returns the first permission of the subject that allows the request.
func (s *searcher) grant(sub Subject, r Request) (*Permission, bool) {
	var best rankedPermission
	found := false
	for _, x := range s.indexesOf(sub) {
		if rp, ok := x.first(r); ok && (!found || rp.before(best)) {
			best, found = rp, true
		}
	}
	if !found {
		return nil, false
	}
	return best.p, true
}

// indexesOf returns the grant indexes of the keys that may stand for the
// subject, each made once and shared by every subject it stands for.
func (s *searcher) indexesOf(sub Subject) []*grantIndex {
	xs, ok := s.indexes[sub]
	if ok {
		return xs
	}
	for _, key := range identityKeys(sub.Identity()) {
		x, made := s.keyIndex[key]
		if !made {
			if len(s.p.indexedNames()[key]) > 0 {
				x = s.p.newGrantIndex(key)
			}
			s.keyIndex[key] = x
		}
		if x != nil {
			xs = append(xs, x)
		}
	}
	s.indexes[sub] = xs
	return xs
}

// scope returns the namespaces worth asking about requests like rs: every
// namespace when a cluster-wide permission of the subject could grant one
// of them (its resource names aside), otherwise only those where the
// subject holds namespaced permissions, in the order of s.namespaces. No
// request elsewhere can be granted, and a large inventory has many
// namespaces and many subjects.
func (s *searcher) scope(sub Subject, rs ...Request) []string {
	for _, r := range rs {
		if s.couldAnyWide(sub, r) {
			return s.namespaces
		}
	}
	return s.namespacedIn(sub)
}

// namespacedIn returns the namespaces where the subject holds namespaced
// permissions, sorted, computed once.
func (s *searcher) namespacedIn(sub Subject) []string {
	nss, ok := s.namespaced[sub]
	if !ok {
		for _, x := range s.indexesOf(sub) {
			nss = append(nss, x.namespaces...)
		}
		slices.Sort(nss) // bindings' namespaces: s.namespaces holds them all, in this order
		nss = slices.Compact(nss)
		s.namespaced[sub] = nss
	}
	return nss
}

// clusterOnly is a namespace no namespaced grant names: asking about it
// gives the answer of the subject's cluster-wide grants alone.
const clusterOnly = "\x00cluster-wide"

// couldAnyWide reports whether a cluster-wide grant of the subject could
// allow a request like r for some name.
func (s *searcher) couldAnyWide(sub Subject, r Request) bool {
	for _, x := range s.indexesOf(sub) {
		if x.couldWide(r) {
			return true
		}
	}
	return false
}

func via(p *Permission) string {
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
func (s *searcher) clusterAdmin(sub Subject) (*Permission, bool) {
	return s.grant(sub, Request{Verb: "*", Group: "*", Resource: "*"})
}

// readsSecrets returns the permission letting the subject read every
// Secret of ns ("" for all namespaces).
func (s *searcher) readsSecrets(sub Subject, ns string) (*Permission, bool) {
	for _, v := range []string{"list", "get"} {
		if p, ok := s.grant(sub, Request{Verb: v, Resource: "secrets", Name: nameFor(v), Namespace: ns}); ok {
			return p, true
		}
	}
	return nil, false
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
		out = &chain{hops: oneHop(func() string { return sub.Text() + ` holds every verb on every resource ` + via(p) }), end: End{Kind: EndClusterAdmin}}
		s.remember(sub, out)
		return out
	}
	readsIn := func(ns string) bool {
		p, ok := s.readsSecrets(sub, ns)
		if ok {
			where := "every namespace"
			if ns != "" {
				where = "namespace " + quote(ns)
			}
			offer(chain{hops: oneHop(func() string { return fmt.Sprintf("%s can read Secrets in %s %s", sub.Text(), where, via(p)) }), end: End{Kind: EndSecrets, Namespace: ns}})
		}
		return ok
	}
	if !readsIn("") {
		for _, ns := range s.scope(sub, Request{Verb: "list", Resource: "secrets"}, Request{Verb: "get", Resource: "secrets"}) {
			readsIn(ns)
		}
	}
	seen = append(slices.Clip(seen), sub)
	if len(seen) <= maxDepth {
		for _, m := range s.moves(sub) {
			if c, ok := s.follow(m, seen, nil); ok {
				offer(c)
			}
		}
	}
	s.remember(sub, out)
	return out
}

// live returns the first place at or after i in allSAs whose account is
// not dead (len(allSAs) when none is). Dead accounts point past
// themselves, and each lookup shortens the chains it follows, so that
// thousands of scans over the same accounts skip the dead ones at once.
func (s *searcher) live(i int) int {
	root := i
	for int(s.nextLive[root]) != root {
		root = int(s.nextLive[root])
	}
	for int(s.nextLive[i]) != root {
		i, s.nextLive[i] = int(s.nextLive[i]), int32(root)
	}
	return root
}

// remember memoizes the subject's best chain, and for an account that
// leads nowhere marks it so that groups skip it without a lookup.
func (s *searcher) remember(sub Subject, c *chain) {
	s.memo[sub] = c
	if i, ok := s.saIndex[sub]; ok {
		s.saMemo[i], s.saDone[i] = c, true
		s.known.learn(i, c)
		if c == nil { // dead: it leads nowhere
			s.nextLive[i] = int32(i + 1)
		}
	}
}

// follow completes a move into a chain.
func (s *searcher) follow(m move, seen []Subject, accept func(chain) bool) (chain, bool) {
	ok := func(c chain) bool { return accept == nil || accept(c) }
	if m.end != nil {
		c := chain{hops: m.hops, end: *m.end}
		return c, ok(c)
	}
	if m.among != nil {
		return s.bestAmong(m, seen, accept)
	}
	c, found := s.through(*m.next, m.hops, seen)
	return c, found && ok(c)
}

// through is the chain of a move to next: its own hops, then next's best.
func (s *searcher) through(next Subject, first hops, seen []Subject) (chain, bool) {
	if c, known := s.memo[next]; known && c == nil {
		return chain{}, false
	}
	if slices.Contains(seen, next) {
		return chain{}, false
	}
	c := s.best(next, seen)
	if c == nil {
		return chain{}, false
	}
	return chain{hops: hops{first.n + c.hops.n, func() []string { return append(first.text(), c.hops.text()...) }}, end: c.end}, true
}

// Paths returns the escalation paths of every subject the bindings name,
// except Kubernetes' own components (Expected) and subjects that are
// cluster-admin already: for each subject and technique, the most severe
// and then shortest path.
func (p *Policy) Paths(x Extras) []Path {
	s := newSearcher(p, x)
	var sources []Subject
	seen := map[Subject]bool{}
	for _, b := range p.bindings {
		for _, bs := range b.Subjects {
			if n, ok := normalize(bs, b.Ref.Namespace); ok && !seen[n] && !Expected(n, p) {
				seen[n] = true
				sources = append(sources, n)
			}
		}
	}
	var out []Path
	for _, src := range sources {
		if _, ok := s.clusterAdmin(src); ok {
			continue // rbac-cluster-admin-binding and rbac-wildcard-admin-binding say so
		}
		type found struct {
			m move
			c chain
		}
		best := map[string]*found{}
		// holds, asked once per end: thousands of chains end alike, and
		// runs of them (a namespace's accounts) end the same way.
		held := map[End]bool{}
		var lastEnd End
		var lastHeld, haveLast bool
		accept := func(c chain) bool {
			if c.end.Kind != EndSecrets {
				return true // see holds
			}
			if haveLast && c.end == lastEnd {
				return !lastHeld
			}
			h, known := held[c.end]
			if !known {
				h = s.holds(src, c.end)
				held[c.end] = h
			}
			lastEnd, lastHeld, haveLast = c.end, h, true
			return !h
		}
		for _, m := range s.moves(src) {
			c, ok := s.follow(m, []Subject{src}, accept)
			if !ok {
				continue
			}
			if cur := best[m.tech]; cur == nil || better(c, cur.c) {
				best[m.tech] = &found{m, c}
			}
		}
		for _, tech := range []string{TechWorkloadCreate, TechSecretsRead, TechTokenCreate, TechBindEscalate, TechImpersonate, TechNodesProxy, TechCSRApprove} {
			if f := best[tech]; f != nil {
				pth := &Path{Technique: tech, Subject: src, Grant: *f.m.grant, Hops: f.c.hops.text(), End: f.c.end}
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
