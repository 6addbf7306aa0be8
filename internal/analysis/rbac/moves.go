package rbac

import (
	"fmt"
	"slices"
)

// moves lists the hops the subject's permissions allow, technique by
// technique.
func (s *searcher) moves(sub Subject) []move {
	var out []move
	add := func(tech string, g *Permission, end *End, next *Subject, n int, text func() []string) {
		if next != nil {
			if c, known := s.memo[*next]; known && c == nil {
				return // a subject already found to lead nowhere: following it adds nothing
			}
		}
		out = append(out, move{tech: tech, grant: g, hops: hops{n, text}, end: end, next: next})
	}
	who := sub.Text()

	// Pods run as any service account of their namespace.
	var creates []Request
	for _, w := range workloadResources {
		creates = append(creates, Request{Verb: "create", Group: w.group, Resource: w.resource})
	}
	// One move for all the service accounts of a namespace, or of a run
	// of namespaces where the subject holds only cluster-wide grants (the
	// same answer in each): follow picks the best of them, which is all a
	// path needs, and a large inventory has thousands of accounts.
	type pick struct {
		g *Permission
		w string
	}
	createIn := func(ns string) (pick, bool) {
		for _, w := range workloadResources {
			if g, ok := s.grant(sub, Request{Verb: "create", Group: w.group, Resource: w.resource, Namespace: ns}); ok {
				return pick{g, w.resource}, true // one workload kind is enough
			}
		}
		return pick{}, false
	}
	createMove := func(p pick, among []Subject, from int) {
		if len(among) == 0 {
			return
		}
		out = append(out, move{tech: TechWorkloadCreate, grant: p.g, among: among, amongFrom: from, viaHops: 2, hopsVia: func(sa Subject) hops {
			return hops{2, func() []string {
				return []string{fmt.Sprintf("%s can create %s in namespace %s %s", who, p.w, quote(sa.Namespace), via(p.g)), "runs a pod as " + s.saText(sa)}
			}}
		}})
	}
	wideCreate, wideOK := createIn(clusterOnly)
	s.walk(s.scope(sub, creates...), s.namespacedIn(sub), func(ns string) {
		if p, ok := createIn(ns); ok {
			createMove(p, s.sas[ns], s.saStart[ns])
		}
	}, func(from, to int) {
		if wideOK {
			createMove(wideCreate, s.allSAs[from:to:to], from)
		}
	})

	// Long-lived tokens stored in Secrets, in the namespaces where the
	// subject could read one.
	for _, t := range s.tokensFor(sub) {
		g, ok := s.grant(sub, Request{Verb: "get", Resource: "secrets", Name: t.Ref.Name, Namespace: t.Ref.Namespace})
		if !ok {
			g, ok = s.grant(sub, Request{Verb: "list", Resource: "secrets", Namespace: t.Ref.Namespace})
		}
		if ok {
			sa := Subject{Kind: KindServiceAccount, Namespace: t.Ref.Namespace, Name: t.ServiceAccount}
			add(TechSecretsRead, g, nil, &sa, 2, func() []string {
				return []string{fmt.Sprintf("%s can read Secret %s/%s %s", who, t.Ref.Namespace, t.Ref.Name, via(g)), "reads the token of " + s.saText(sa)}
			})
		}
	}

	// Tokens minted through the TokenRequest API, or by creating a
	// service-account-token Secret that the token controller fills in.
	s.tokenMoves(sub, add, func(m move) { out = append(out, m) })

	s.bindMoves(sub, add)
	s.impersonateMoves(sub, add)

	// The kubelet API of every node, exec in all its pods included.
	for _, v := range []string{"get", "create"} {
		if g, ok := s.grant(sub, Request{Verb: v, Resource: "nodes", Subresource: "proxy", Name: anyName}); ok {
			add(TechNodesProxy, g, &End{Kind: EndNode}, nil, 2, func() []string {
				return []string{fmt.Sprintf("%s can %s nodes/proxy %s", who, v, via(g)), "runs commands in any pod through the kubelet API of any node"}
			})
			break
		}
	}

	// A client certificate for group system:masters.
	const certs = "certificates.k8s.io"
	if g, ok := s.grant(sub, Request{Verb: "create", Group: certs, Resource: "certificatesigningrequests"}); ok {
		_, approval := s.grant(sub, Request{Verb: "update", Group: certs, Resource: "certificatesigningrequests", Subresource: "approval", Name: anyName})
		_, signer := s.grant(sub, Request{Verb: "approve", Group: certs, Resource: "signers", Name: "kubernetes.io/kube-apiserver-client"})
		if !signer {
			_, signer = s.grant(sub, Request{Verb: "approve", Group: certs, Resource: "signers", Name: "kubernetes.io/*"})
		}
		if approval && signer {
			add(TechCSRApprove, g, &End{Kind: EndClusterAdmin}, nil, 2, func() []string {
				return []string{fmt.Sprintf("%s can create and approve CertificateSigningRequests for signer kubernetes.io/kube-apiserver-client %s", who, via(g)), "gets a client certificate in group system:masters signed"}
			})
		}
	}
	return out
}

// readsOne reports whether the subject may get any Secret of ns by name.
func (s *searcher) readsOne(sub Subject, ns string) (*Permission, bool) {
	return s.grant(sub, Request{Verb: "get", Resource: "secrets", Name: anyName, Namespace: ns})
}

type addFunc func(tech string, g *Permission, end *End, next *Subject, n int, text func() []string)

// bindMoves: writing a binding to a role one does not hold needs bind on
// that role, and adding rules to a role needs escalate on it; with either,
// the RBAC API's escalation check no longer stops the subject.
func (s *searcher) bindMoves(sub Subject, add addFunc) {
	const rbacGroup = Group
	who := sub.Text()
	if g, ok := s.grant(sub, Request{Verb: "create", Group: rbacGroup, Resource: "clusterrolebindings"}); ok {
		if _, bind := s.grant(sub, Request{Verb: "bind", Group: rbacGroup, Resource: "clusterroles", Name: "cluster-admin"}); bind {
			add(TechBindEscalate, g, &End{Kind: EndClusterAdmin}, nil, 2, func() []string {
				return []string{fmt.Sprintf("%s can create ClusterRoleBindings and bind ClusterRole cluster-admin %s", who, via(g)), "binds itself to cluster-admin"}
			})
		}
	}
	// RoleBindings to cluster-admin or admin: all of a namespace. Granted
	// cluster-wide, every namespace, and no need to look at each.
	for _, ns := range append([]string{""}, s.scope(sub, Request{Verb: "create", Group: rbacGroup, Resource: "rolebindings"})...) {
		if s.bindNamespace(sub, ns, add) && ns == "" {
			break
		}
	}
	// escalate: add rules to a role the subject is bound to.
	if !s.couldEscalate(sub) {
		return
	}
	for _, pm := range s.permsOf(sub) {
		kind, resource := "ClusterRole", "clusterroles"
		end := End{Kind: EndClusterAdmin}
		if pm.Role.Kind == "Role" {
			kind, resource = "Role", "roles"
			end = End{Kind: EndNamespaceAdmin, Namespace: pm.Namespace}
		} else if pm.Namespace != "" {
			end = End{Kind: EndNamespaceAdmin, Namespace: pm.Namespace}
		}
		r := Request{Group: rbacGroup, Resource: resource, Name: pm.Role.Name, Namespace: pm.Role.Namespace}
		r.Verb = "escalate"
		if _, ok := s.grant(sub, r); !ok {
			continue
		}
		for _, v := range []string{"update", "patch"} {
			r.Verb = v
			if g, ok := s.grant(sub, r); ok {
				add(TechBindEscalate, g, &end, nil, 2, func() []string {
					return []string{fmt.Sprintf("%s can %s and escalate %s %s, which %s grants it %s", who, v, kind, pm.Role.Name, pm.Binding, via(g)), "adds every permission to " + pm.Role.Name}
				})
				break
			}
		}
	}
}

// bindNamespace adds the move of binding cluster-admin or admin in ns
// ("" for every namespace), and reports whether there was one.
func (s *searcher) bindNamespace(sub Subject, ns string, add addFunc) bool {
	g, ok := s.grant(sub, Request{Verb: "create", Group: Group, Resource: "rolebindings", Namespace: ns})
	if !ok {
		return false
	}
	for _, role := range []string{"cluster-admin", "admin"} {
		if _, bind := s.grant(sub, Request{Verb: "bind", Group: Group, Resource: "clusterroles", Name: role, Namespace: ns}); bind {
			where := "every namespace"
			if ns != "" {
				where = "namespace " + quote(ns)
			}
			add(TechBindEscalate, g, &End{Kind: EndNamespaceAdmin, Namespace: ns}, nil, 2, func() []string {
				return []string{fmt.Sprintf("%s can create RoleBindings in %s and bind ClusterRole %s %s", sub.Text(), where, role, via(g)), "binds itself to " + role + " there"}
			})
			return true
		}
	}
	return false
}

// impersonateMoves: impersonation makes the subject any identity it may
// name; group system:masters is cluster-admin outright.
func (s *searcher) impersonateMoves(sub Subject, add addFunc) {
	who := sub.Text()
	anyUser, ok := s.grant(sub, Request{Verb: "impersonate", Resource: "users", Name: anyName})
	if ok {
		if _, masters := s.grant(sub, Request{Verb: "impersonate", Resource: "groups", Name: "system:masters"}); masters {
			add(TechImpersonate, anyUser, &End{Kind: EndClusterAdmin}, nil, 2, func() []string {
				return []string{fmt.Sprintf("%s can impersonate any user and group system:masters %s", who, via(anyUser)), "acts as a member of system:masters"}
			})
		}
	}
	// Users are cluster-wide: only cluster-wide grants reach them.
	if s.couldAnyWide(sub, Request{Verb: "impersonate", Resource: "users"}) {
		for _, u := range s.users {
			if g, ok := s.grant(sub, Request{Verb: "impersonate", Resource: "users", Name: u.Name}); ok {
				add(TechImpersonate, g, nil, &u, 1, func() []string { return []string{fmt.Sprintf("%s can impersonate %s %s", who, u.Text(), via(g))} })
			}
		}
	}
	for _, ns := range s.scope(sub, Request{Verb: "impersonate", Resource: "serviceaccounts"}) {
		for _, sa := range s.sas[ns] {
			if g, ok := s.grant(sub, Request{Verb: "impersonate", Resource: "serviceaccounts", Name: sa.Name, Namespace: ns}); ok {
				add(TechImpersonate, g, nil, &sa, 1, func() []string { return []string{fmt.Sprintf("%s can impersonate %s %s", who, s.saText(sa), via(g))} })
			}
		}
	}
}

// tokenMoves adds the moves to service accounts' tokens, through the
// TokenRequest API or, where that is not granted, a service-account-token
// Secret. Where the answer is the same for every account of a namespace
// (no resource names in play), one move stands for them all, and for a
// run of namespaces where only cluster-wide grants answer.
func (s *searcher) tokenMoves(sub Subject, add addFunc, group func(move)) {
	who := sub.Text()
	tokens := Request{Verb: "create", Resource: "serviceaccounts", Subresource: "token"}
	// route is how the subject gets any account's token in ns, when the
	// account's name does not matter.
	type route struct {
		g     *Permission
		mint  bool // TokenRequest; else the Secret route
		ok    bool
		known bool // the answer does not depend on the account
	}
	// freeRoute is the answer for an account no grant names.
	freeRoute := func(ns string) route {
		r := tokens
		r.Namespace, r.Name = ns, anyName
		if g, ok := s.grant(sub, r); ok {
			return route{g: g, mint: true, ok: true, known: true}
		}
		g, ok := s.grant(sub, Request{Verb: "create", Resource: "secrets", Namespace: ns})
		if ok {
			_, ok = s.readsOne(sub, ns)
		}
		return route{g: g, ok: ok, known: true}
	}
	routeIn := func(ns string) route {
		// Grants that name accounts make the answer depend on the name,
		// but only for accounts of those names that ns holds.
		if names := s.namesFor(sub, tokens, ns); names != nil && (ns == clusterOnly || s.namesAny(ns, names)) {
			return route{}
		}
		return freeRoute(ns)
	}
	emit := func(r route, among []Subject, from int) {
		if !r.ok || len(among) == 0 {
			return
		}
		g := r.g
		text := func(sa Subject) []string {
			return []string{fmt.Sprintf("%s can create and read Secrets in namespace %s %s", who, quote(sa.Namespace), via(g)), "creates a service-account-token Secret for " + s.saText(sa)}
		}
		if r.mint {
			text = func(sa Subject) []string {
				return []string{fmt.Sprintf("%s can create tokens for %s %s", who, sa.Text(), via(g)), "authenticates as " + s.saText(sa)}
			}
		}
		group(move{tech: TechTokenCreate, grant: g, among: among, amongFrom: from, viaHops: 2, hopsVia: func(sa Subject) hops {
			return hops{2, func() []string { return text(sa) }}
		}})
	}
	// Where the subject holds no namespaced grant and no cluster-wide
	// grant names one of the namespace's accounts, its cluster-wide grants
	// answer alike for every account.
	wide := routeIn(clusterOnly)
	special := s.namespacedIn(sub)
	if !wide.known {
		special = s.withAccountsNamed(special, s.namesFor(sub, tokens, clusterOnly))
		wide = freeRoute(clusterOnly)
	}
	s.walk(s.scope(sub, Request{Verb: "create", Resource: "secrets"}, tokens), special, func(ns string) {
		if r := routeIn(ns); r.known {
			emit(r, s.sas[ns], s.saStart[ns])
			return
		}
		secrets, canSecrets := s.grant(sub, Request{Verb: "create", Resource: "secrets", Namespace: ns})
		if canSecrets {
			_, canSecrets = s.readsOne(sub, ns)
		}
		// An account no grant names gets what any name gets.
		names := s.namesFor(sub, tokens, ns)
		byName := tokens
		byName.Namespace, byName.Name = ns, anyName
		free, freeOK := s.grant(sub, byName)
		for _, sa := range s.sas[ns] {
			g, ok := free, freeOK
			if names[sa.Name] {
				byName.Name = sa.Name
				g, ok = s.grant(sub, byName)
			}
			if ok {
				add(TechTokenCreate, g, nil, &sa, 2, func() []string {
					return []string{fmt.Sprintf("%s can create tokens for %s %s", who, sa.Text(), via(g)), "authenticates as " + s.saText(sa)}
				})
			} else if canSecrets {
				add(TechTokenCreate, secrets, nil, &sa, 2, func() []string {
					return []string{fmt.Sprintf("%s can create and read Secrets in namespace %s %s", who, quote(ns), via(secrets)), "creates a service-account-token Secret for " + s.saText(sa)}
				})
			}
		}
	}, func(from, to int) { emit(wide, s.allSAs[from:to:to], from) })
}

// walk visits the namespaces of scope in order. When scope is every
// namespace, only the special ones (sorted) are visited one by one: the
// stretches of namespaces between them, which the subject's cluster-wide
// grants answer alike, go to run as places [from, to) in s.allSAs, so
// that a subject's cost does not grow with the inventory's namespaces.
func (s *searcher) walk(scope, special []string, each func(ns string), run func(from, to int)) {
	if len(scope) != len(s.namespaces) {
		for _, ns := range scope {
			each(ns)
		}
		return
	}
	prev := 0
	for _, ns := range special {
		start := s.saStart[ns]
		if start > prev {
			run(prev, start)
		}
		each(ns)
		prev = start + len(s.sas[ns])
	}
	if prev < len(s.allSAs) {
		run(prev, len(s.allSAs))
	}
}

// withAccountsNamed adds to nss (sorted) the namespaces holding an account
// of one of names.
func (s *searcher) withAccountsNamed(nss []string, names map[string]bool) []string {
	out := slices.Clone(nss)
	for name := range names {
		out = append(out, s.nsOfAccount[name]...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// namesFor returns the resource names of the subject's grants that apply
// in ns and could allow a request like r for some name; nil when none
// names any. For ns clusterOnly, the cluster-wide grants alone.
func (s *searcher) namesFor(sub Subject, r Request, ns string) map[string]bool {
	var out map[string]bool
	for _, x := range s.indexesOf(sub) {
		for _, rp := range x.named {
			if p := rp.p; (p.Namespace == "" || p.Namespace == ns) && couldAllow(&p.Rule, r) {
				if out == nil {
					out = map[string]bool{}
				}
				for _, n := range p.Rule.ResourceNames {
					out[n] = true
				}
			}
		}
	}
	return out
}

// namesAny reports whether ns holds a candidate account of one of names.
func (s *searcher) namesAny(ns string, names map[string]bool) bool {
	for _, sa := range s.sas[ns] {
		if names[sa.Name] {
			return true
		}
	}
	return false
}

// tokensFor returns the token Secrets in the namespaces where the subject
// could read Secrets, in inventory order.
func (s *searcher) tokensFor(sub Subject) []TokenSecret {
	nss := s.scope(sub, Request{Verb: "get", Resource: "secrets"}, Request{Verb: "list", Resource: "secrets"})
	if len(nss) == len(s.namespaces) {
		return s.tokens
	}
	var at []int
	for _, ns := range nss {
		at = append(at, s.tokensIn[ns]...)
	}
	slices.Sort(at)
	out := make([]TokenSecret, len(at))
	for i, j := range at {
		out[i] = s.tokens[j]
	}
	return out
}

// couldEscalate reports whether any grant of the subject could allow
// escalate on some role: most hold none, and asking role by role costs a
// look at every grant for each of them.
func (s *searcher) couldEscalate(sub Subject) bool {
	return slices.ContainsFunc(s.indexesOf(sub), func(x *grantIndex) bool { return x.escalates })
}
