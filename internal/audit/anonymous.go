package audit

import (
	"fmt"
	"slices"

	"github.com/kubeward/kubeward/internal/check"
)

// AnonymousAllowed reports requests that system:anonymous was served
// beyond the public paths: RBAC granting something to system:anonymous or
// system:unauthenticated opens the cluster to anyone who reaches it.
var AnonymousAllowed = &Detector{
	Meta: check.Meta{
		ID: "audit-anonymous-allowed", Title: "Anonymous request allowed", Severity: check.High, Family: "audit",
		Description: "Reports requests by system:anonymous (or in the system:unauthenticated group) that got a successful answer, " +
			"except for the paths Kubernetes serves to everyone by default (version, health, service-account issuer discovery; " +
			"tunable as audit.anonymousPaths). Each path and verb is reported once per repeat window.",
		Remediation: "Remove the RoleBindings and ClusterRoleBindings that grant rights to system:anonymous or system:unauthenticated, or turn off anonymous authentication (--anonymous-auth=false).",
		Controls:    []check.Control{{Framework: check.FrameworkMITRE, ID: "T1078.001"}, {Framework: check.FrameworkCIS, ID: "1.2.1"}},
	},
	Tunables: []string{"anonymousPaths", "repeatWindow"},
	New: func(s *Settings) Observer {
		return func(ev *Event, out *Out) {
			if !ev.Allowed() || (ev.User.Username != "system:anonymous" && !slices.Contains(ev.User.Groups, "system:unauthenticated")) {
				return
			}
			path := pathOf(ev.RequestURI)
			for _, p := range s.AnonymousPaths {
				if glob(p, path) {
					return
				}
			}
			out.ReportOnce(ev.Verb+" "+path, ev.Time(), Alert{
				Object: objectRef(ev), Events: []EventRef{refOf(ev)},
				Message: fmt.Sprintf("%s was allowed to %s %s from %s (%s)", ev.User.Username, ev.Verb, path, sourceIPsOf([]EventRef{refOf(ev)}), answer(ev)),
			})
		}
	},
}

// ClusterWriteUnlisted reports writes to cluster-scoped objects by users
// outside an allow-list. It is off unless audit.clusterScopedWriters lists
// someone: every cluster has its own set of administrators.
var ClusterWriteUnlisted = &Detector{
	Meta: check.Meta{
		ID: "audit-cluster-write-unlisted", Title: "Cluster-scoped write by a user not allowed to make them", Severity: check.Medium, Family: "audit",
		Description: "When audit.clusterScopedWriters is set, reports successful creates, updates, patches and deletes of " +
			"cluster-scoped objects (namespaces, nodes, ClusterRoles, CRDs, webhook configurations, ...) by anyone not in that list. " +
			"Off when the list is empty. Each user and resource is reported once per repeat window.",
		Remediation: "Confirm the change with its author; if the user should make such changes, add them (or their group as group:NAME) to audit.clusterScopedWriters, otherwise take away the RBAC rights that allowed it.",
		Controls:    []check.Control{{Framework: check.FrameworkMITRE, ID: "T1098"}},
	},
	Trusted:  []string{"system:apiserver", "system:kube-controller-manager", "system:kube-scheduler", "system:serviceaccount:kube-system:*", "system:node:*"},
	Tunables: []string{"clusterScopedWriters", "repeatWindow"},
	New: func(s *Settings) Observer {
		if len(s.ClusterScopedWriters) == 0 {
			return nil
		}
		return func(ev *Event, out *Out) {
			if !ev.IsWrite() || !ev.Allowed() || ev.ObjectRef == nil || ev.Namespace() != "" || ev.ObjectRef.Resource == "" {
				return
			}
			// A namespaced resource listed across namespaces has no
			// namespace either, but writes always name a namespace then.
			if userMatches(s.ClusterScopedWriters, &ev.User) {
				return
			}
			out.ReportOnce(ev.User.Username+" "+ev.Resource(), ev.Time(), Alert{
				Object: objectRef(ev), Events: []EventRef{refOf(ev)},
				Message: fmt.Sprintf("user %q, who is not in audit.clusterScopedWriters, %s %s", ev.User.Username, verbPhrase(ev.Verb), describeObject(ev)),
			})
		}
	},
}
