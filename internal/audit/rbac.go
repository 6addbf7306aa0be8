package audit

import (
	"fmt"
	"slices"
	"strings"

	rbacv1 "k8s.io/api/rbac/v1"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
)

// rbacMaintainers create and reconcile Kubernetes' own roles and bindings
// (cluster-admin among them) at every start.
var rbacMaintainers = []string{"system:apiserver", "system:serviceaccount:kube-system:clusterrole-aggregation-controller"}

// ClusterAdminGrant reports bindings to cluster-admin: full control of the
// cluster given to someone, the usual last step of an escalation.
var ClusterAdminGrant = &Detector{
	Meta: check.Meta{
		ID: "audit-cluster-admin-grant", Title: "Binding to cluster-admin created or changed", Severity: check.Critical, Family: "audit",
		Description: "Reports successful creates, updates and patches of RoleBindings and ClusterRoleBindings whose roleRef is the " +
			"ClusterRole cluster-admin, naming who wrote the binding and whom it grants. Needs RBAC writes logged at Request " +
			"level or above (RequestResponse for patches).",
		Remediation: "Confirm the grant with the user who made it; delete the binding unless it is an approved administrator, and prefer narrower roles.",
		Controls:    []check.Control{{Framework: check.FrameworkMITRE, ID: "T1098.006"}},
	},
	Trusted:  rbacMaintainers,
	Tunables: []string{"trusted"},
	New: func(*Settings) Observer {
		return func(ev *Event, out *Out) {
			b := rbacBody[rbacv1.ClusterRoleBinding](ev, "rolebindings", "clusterrolebindings")
			if b == nil || b.RoleRef.Kind != "ClusterRole" || b.RoleRef.Name != "cluster-admin" {
				return
			}
			out.Report(Alert{
				Object: bindingRef(ev, &b.ObjectMeta), Path: "roleRef.name", Events: []EventRef{refOf(ev)},
				Message: fmt.Sprintf("user %q %s %s %q binding ClusterRole cluster-admin to %s", ev.User.Username, verbPhrase(ev.Verb),
					kinds[ev.ObjectRef.Resource], nsName(bindingRef(ev, &b.ObjectMeta)), subjectsText(b.Subjects)),
			})
		}
	},
}

// PowerfulRole reports roles that grant wildcards or the verbs that get
// around RBAC itself: escalate and bind (grant what one does not hold) and
// impersonate (act as anyone).
var PowerfulRole = &Detector{
	Meta: check.Meta{
		ID: "audit-powerful-role", Title: "Role with wildcards, escalate, bind or impersonate written", Severity: check.High, Family: "audit",
		Description: "Reports successful creates, updates and patches of Roles and ClusterRoles with a rule granting \"*\" verbs or " +
			"resources, or the verbs escalate, bind or impersonate. Such roles get around RBAC's own limits. Needs RBAC writes " +
			"logged at Request level or above.",
		Remediation: "List the verbs and resources the role really needs instead of wildcards; grant escalate, bind and impersonate only to administrators.",
		Controls:    []check.Control{{Framework: check.FrameworkMITRE, ID: "T1098.006"}},
	},
	Trusted:  rbacMaintainers,
	Tunables: []string{"trusted"},
	New: func(*Settings) Observer {
		return func(ev *Event, out *Out) {
			r := rbacBody[rbacv1.ClusterRole](ev, "roles", "clusterroles")
			if r == nil {
				return
			}
			for i, rule := range r.Rules {
				var why []string
				if slices.Contains(rule.Verbs, "*") {
					why = append(why, `verbs "*"`)
				}
				if slices.Contains(rule.Resources, "*") {
					why = append(why, `resources "*"`)
				}
				for _, v := range []string{"escalate", "bind", "impersonate"} {
					if slices.Contains(rule.Verbs, v) {
						why = append(why, "verb "+v)
					}
				}
				if len(why) == 0 {
					continue
				}
				ref := bindingRef(ev, &r.ObjectMeta)
				out.Report(Alert{
					Object: ref, Path: fmt.Sprintf("rules[%d]", i), Events: []EventRef{refOf(ev)},
					Message: fmt.Sprintf("user %q %s %s %q whose rule %d grants %s on %s", ev.User.Username, verbPhrase(ev.Verb),
						kinds[ev.ObjectRef.Resource], nsName(ref), i, strings.Join(why, ", "), ruleTarget(rule)),
				})
			}
		}
	},
}

// Impersonation reports requests made while impersonating another user.
var Impersonation = &Detector{
	Meta: check.Meta{
		ID: "audit-impersonation", Title: "Request made by impersonating another user", Severity: check.Medium, Family: "audit",
		Description: "Reports successful requests that carried Impersonate-User or Impersonate-Group headers: the requester acted " +
			"with someone else's rights. Each pair of users is reported once per repeat window.",
		Remediation: "Confirm the impersonation was intended; grant impersonate only to administrators and audited tools.",
		Controls:    []check.Control{{Framework: check.FrameworkMITRE, ID: "T1078"}},
	},
	Tunables: []string{"repeatWindow"},
	New: func(*Settings) Observer {
		return func(ev *Event, out *Out) {
			iu := ev.ImpersonatedUser
			if iu == nil || !ev.Allowed() {
				return
			}
			as := fmt.Sprintf("%q", iu.Username)
			if len(iu.Groups) > 0 {
				as += fmt.Sprintf(" (groups %s)", strings.Join(iu.Groups, ", "))
			}
			out.ReportOnce(ev.User.Username+" "+iu.Username+" "+strings.Join(iu.Groups, ","), ev.Time(), Alert{
				Object: userRef(ev.User.Username), Events: []EventRef{refOf(ev)},
				Message: fmt.Sprintf("user %q acted as %s: %s %s", ev.User.Username, as, ev.Verb, describeObject(ev)),
			})
		}
	},
}

// rbacBody decodes the object an allowed RBAC write stored, for the
// resources given; nil for anything else. Roles decode into ClusterRole
// and RoleBindings into ClusterRoleBinding: the fields read are the same.
func rbacBody[T any](ev *Event, resources ...string) *T {
	if ev.ObjectRef == nil || ev.ObjectRef.APIGroup != "rbac.authorization.k8s.io" || ev.ObjectRef.Subresource != "" ||
		!slices.Contains(resources, ev.ObjectRef.Resource) || !ev.Allowed() {
		return nil
	}
	switch ev.Verb {
	case "create", "update", "patch":
	default:
		return nil
	}
	body := objectBody(ev)
	if body == nil {
		return nil
	}
	var v T
	if err := kube.UnmarshalJSON(body, &v); err != nil {
		return nil
	}
	return &v
}

func bindingRef(ev *Event, meta interface{ GetName() string }) kube.Ref {
	ref := objectRef(ev)
	if ref.Name == "" {
		ref.Name = meta.GetName()
	}
	return ref
}

func subjectsText(subjects []rbacv1.Subject) string {
	if len(subjects) == 0 {
		return "no subjects"
	}
	var parts []string
	for _, s := range subjects {
		name := s.Name
		if s.Namespace != "" {
			name = s.Namespace + "/" + s.Name
		}
		parts = append(parts, fmt.Sprintf("%s %q", s.Kind, name))
	}
	return strings.Join(parts, ", ")
}

func ruleTarget(r rbacv1.PolicyRule) string {
	if len(r.NonResourceURLs) > 0 {
		return "URLs " + strings.Join(r.NonResourceURLs, ", ")
	}
	return "resources " + strings.Join(r.Resources, ", ")
}
