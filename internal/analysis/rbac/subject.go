package rbac

import (
	"fmt"
	"slices"
	"strings"

	rbacv1 "k8s.io/api/rbac/v1"
)

// Subject kinds, as bindings spell them.
const (
	KindUser           = rbacv1.UserKind
	KindGroup          = rbacv1.GroupKind
	KindServiceAccount = rbacv1.ServiceAccountKind
)

// Groups every authenticated identity, and every service account, is in.
const (
	GroupAuthenticated   = "system:authenticated"
	GroupServiceAccounts = "system:serviceaccounts"
	saUserPrefix         = "system:serviceaccount:"
)

// Subject is a user, group or service account a binding names. A service
// account always carries its namespace (a binding's own namespace when the
// subject left it out).
type Subject struct {
	Kind      string `json:"kind"`
	Name      string `json:"name"`
	Namespace string `json:"namespace,omitempty"`
}

// String renders the subject the way the command line takes it:
// user:alice, group:dev, sa:ns:name.
func (s Subject) String() string {
	switch s.Kind {
	case KindUser:
		return "user:" + s.Name
	case KindGroup:
		return "group:" + s.Name
	case KindServiceAccount:
		return "sa:" + s.Namespace + ":" + s.Name
	}
	return s.Kind + ":" + s.Name
}

// Text renders the subject for messages: User "alice", ServiceAccount ns/name.
func (s Subject) Text() string {
	if s.Kind == KindServiceAccount {
		return fmt.Sprintf("ServiceAccount %s/%s", s.Namespace, s.Name)
	}
	return fmt.Sprintf("%s %q", s.Kind, s.Name)
}

// ParseSubject reads user:NAME, group:NAME or sa:NAMESPACE:NAME (also
// serviceaccount:NAMESPACE:NAME and the username form
// system:serviceaccount:NAMESPACE:NAME).
func ParseSubject(s string) (Subject, error) {
	if rest, ok := strings.CutPrefix(s, saUserPrefix); ok {
		s = "sa:" + rest
	}
	kind, rest, ok := strings.Cut(s, ":")
	if !ok || rest == "" {
		return Subject{}, fmt.Errorf("subject %q: want user:NAME, group:NAME or sa:NAMESPACE:NAME", s)
	}
	switch strings.ToLower(kind) {
	case "user", "u":
		return Subject{Kind: KindUser, Name: rest}, nil
	case "group", "g":
		return Subject{Kind: KindGroup, Name: rest}, nil
	case "sa", "serviceaccount":
		ns, name, ok := strings.Cut(rest, ":")
		if !ok || ns == "" || name == "" || strings.Contains(name, ":") {
			return Subject{}, fmt.Errorf("subject %q: a service account is sa:NAMESPACE:NAME", s)
		}
		return Subject{Kind: KindServiceAccount, Namespace: ns, Name: name}, nil
	}
	return Subject{}, fmt.Errorf("subject %q: unknown kind %q (want user, group or sa)", s, kind)
}

// User is an authenticated identity: what the authorizer matches
// bindings against.
type User struct {
	Name   string   `json:"name,omitempty"`
	Groups []string `json:"groups,omitempty"`
}

// Identity returns the identity a subject authenticates as, with the
// groups the authenticators add: service accounts are in
// system:serviceaccounts and system:serviceaccounts:<namespace>, and every
// user and service account in system:authenticated. A group stands for
// any member of it: only bindings that name the group apply. extra adds
// groups a user is known to be in.
func (s Subject) Identity(extra ...string) User {
	switch s.Kind {
	case KindServiceAccount:
		return User{Name: ServiceAccountUser(s.Namespace, s.Name),
			Groups: appendNew([]string{GroupServiceAccounts, GroupServiceAccounts + ":" + s.Namespace, GroupAuthenticated}, extra...)}
	case KindGroup:
		return User{Groups: appendNew([]string{s.Name}, extra...)}
	}
	return User{Name: s.Name, Groups: appendNew([]string{GroupAuthenticated}, extra...)}
}

// ServiceAccountUser is the username a service account authenticates as.
func ServiceAccountUser(namespace, name string) string {
	return saUserPrefix + namespace + ":" + name
}

func appendNew(list []string, more ...string) []string {
	for _, m := range more {
		if !slices.Contains(list, m) {
			list = append(list, m)
		}
	}
	return list
}

// appliesTo reports whether a binding subject covers the user, as the
// authorizer decides it: users by name, groups by membership, service
// accounts by their username (their namespace defaults to the binding's).
func appliesTo(s rbacv1.Subject, u User, bindingNamespace string) bool {
	switch s.Kind {
	case KindUser:
		return u.Name != "" && s.Name == u.Name
	case KindGroup:
		return slices.Contains(u.Groups, s.Name)
	case KindServiceAccount:
		ns := bindingNamespace
		if s.Namespace != "" {
			ns = s.Namespace
		}
		return ns != "" && u.Name != "" && ServiceAccountUser(ns, s.Name) == u.Name
	}
	return false
}

// normalize turns a binding subject into a Subject; ok is false for one
// that can never match anyone (a service account with no namespace in a
// ClusterRoleBinding, an unknown kind).
func normalize(s rbacv1.Subject, bindingNamespace string) (Subject, bool) {
	switch s.Kind {
	case KindUser, KindGroup:
		return Subject{Kind: s.Kind, Name: s.Name}, s.Name != ""
	case KindServiceAccount:
		ns := s.Namespace
		if ns == "" {
			ns = bindingNamespace
		}
		return Subject{Kind: KindServiceAccount, Namespace: ns, Name: s.Name}, ns != "" && s.Name != ""
	}
	return Subject{}, false
}
