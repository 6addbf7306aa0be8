package audit

import (
	"fmt"

	"github.com/kubeward/kubeward/internal/check"
)

// secretReaders are the components that read secrets as part of their
// job: the controllers, the scheduler-side plugins and kubelets fetching
// the secrets of their pods.
var secretReaders = []string{"system:apiserver", "system:kube-controller-manager", "system:kube-scheduler",
	"system:serviceaccount:kube-system:*", "system:node:*"}

// SecretRead reports successful reads of secrets by users not expected to
// read them.
var SecretRead = &Detector{
	Meta: check.Meta{
		ID: "audit-secret-read", Title: "Secret read by an unexpected user", Severity: check.Medium, Family: "audit",
		Description: "Reports successful get, list and watch requests on secrets in one namespace by users other than Kubernetes' " +
			"own components (and those added under audit.trusted). Secrets hold credentials; reading them is how access spreads. " +
			"Each user, verb and secret (or namespace, for lists) is reported once per repeat window.",
		Remediation: "Confirm the reader needs the secret; otherwise remove its RBAC rights on secrets. Add expected readers under audit.trusted.audit-secret-read.",
		Controls:    []check.Control{{Framework: check.FrameworkMITRE, ID: "T1552.007"}},
	},
	Trusted:  secretReaders,
	Tunables: []string{"trusted", "repeatWindow"},
	New: func(*Settings) Observer {
		return func(ev *Event, out *Out) {
			if !isSecretRead(ev) || ev.Namespace() == "" {
				return
			}
			out.ReportOnce(ev.User.Username+" "+ev.Verb+" "+ev.Namespace()+"/"+ev.ObjectRef.Name, ev.Time(), Alert{
				Object: objectRef(ev), Events: []EventRef{refOf(ev)},
				Message: fmt.Sprintf("user %q %s %s from %s", ev.User.Username, verbPhrase(ev.Verb), describeObject(ev), sourceIPsOf([]EventRef{refOf(ev)})),
			})
		}
	},
}

// SecretListAllNamespaces reports listing or watching secrets across all
// namespaces: the one request that hands over every credential stored in
// the cluster.
var SecretListAllNamespaces = &Detector{
	Meta: check.Meta{
		ID: "audit-secret-list-all-namespaces", Title: "Secrets listed or watched in all namespaces", Severity: check.High, Family: "audit",
		Description: "Reports successful list and watch requests on secrets across all namespaces by users other than Kubernetes' " +
			"own components. One such request returns every secret of the cluster. Each user and verb is reported once per repeat window.",
		Remediation: "Find out why the user needs every secret; take away cluster-wide list and watch on secrets unless it is a trusted controller (then add it under audit.trusted.audit-secret-list-all-namespaces).",
		Controls:    []check.Control{{Framework: check.FrameworkMITRE, ID: "T1552.007"}},
	},
	Trusted:  secretReaders,
	Tunables: []string{"trusted", "repeatWindow"},
	New: func(*Settings) Observer {
		return func(ev *Event, out *Out) {
			if !isSecretRead(ev) || ev.Namespace() != "" || ev.ObjectRef.Name != "" {
				return
			}
			out.ReportOnce(ev.User.Username+" "+ev.Verb, ev.Time(), Alert{
				Object: objectRef(ev), Events: []EventRef{refOf(ev)},
				Message: fmt.Sprintf("user %q %s secrets in all namespaces from %s", ev.User.Username, verbPhrase(ev.Verb), sourceIPsOf([]EventRef{refOf(ev)})),
			})
		}
	},
}

func isSecretRead(ev *Event) bool {
	if ev.ObjectRef == nil || ev.ObjectRef.Resource != "secrets" || ev.ObjectRef.APIGroup != "" || ev.ObjectRef.Subresource != "" || !ev.Allowed() {
		return false
	}
	switch ev.Verb {
	case "get", "list", "watch":
		return true
	}
	return false
}
