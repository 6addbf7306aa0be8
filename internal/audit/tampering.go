package audit

import (
	"fmt"

	"github.com/kubeward/kubeward/internal/check"
)

// admissionResources are the objects that decide what the API server
// admits; changing them can switch off policy enforcement.
var admissionResources = map[string]bool{
	"validatingwebhookconfigurations": true, "mutatingwebhookconfigurations": true,
	"validatingadmissionpolicies": true, "validatingadmissionpolicybindings": true,
	"mutatingadmissionpolicies": true, "mutatingadmissionpolicybindings": true,
}

// AdmissionConfigChange reports changes to admission webhooks and
// policies: removing or loosening one switches a defence off, adding a
// mutating one lets its owner rewrite every object.
var AdmissionConfigChange = &Detector{
	Meta: check.Meta{
		ID: "audit-admission-config-change", Title: "Admission webhook or policy changed", Severity: check.High, Family: "audit",
		Description: "Reports successful creates, updates, patches and deletes of validating and mutating webhook configurations " +
			"and admission policies and their bindings.",
		Remediation: "Confirm the change was reviewed; restrict writes to admissionregistration.k8s.io to cluster administrators and the operators that own the webhooks.",
		Controls:    []check.Control{{Framework: check.FrameworkMITRE, ID: "T1562.001"}},
	},
	Trusted:  []string{"system:apiserver"},
	Tunables: []string{"trusted"},
	New: func(*Settings) Observer {
		return func(ev *Event, out *Out) {
			o := ev.ObjectRef
			if o == nil || o.APIGroup != "admissionregistration.k8s.io" || !admissionResources[o.Resource] || o.Subresource != "" || !ev.IsWrite() || !ev.Allowed() {
				return
			}
			out.Report(Alert{
				Object: objectRef(ev), Events: []EventRef{refOf(ev)},
				Message: fmt.Sprintf("user %q %s %s from %s", ev.User.Username, verbPhrase(ev.Verb), describeObject(ev), sourceIPsOf([]EventRef{refOf(ev)})),
			})
		}
	},
}

// EventsDeleted reports deleted Kubernetes events: they record what
// happened to workloads, and deleting them covers tracks.
var EventsDeleted = &Detector{
	Meta: check.Meta{
		ID: "audit-events-deleted", Title: "Kubernetes events deleted", Severity: check.Medium, Family: "audit",
		Description: "Reports successful deletes of events (core and events.k8s.io) by anyone but Kubernetes' controllers. Events " +
			"expire on their own; deleting them by hand hides what happened in a namespace.",
		Remediation: "Find out why the events were deleted; take away delete on events from users and workloads that do not need it.",
		Controls:    []check.Control{{Framework: check.FrameworkMITRE, ID: "T1070"}},
	},
	Trusted:  []string{"system:kube-controller-manager", "system:serviceaccount:kube-system:*"},
	Tunables: []string{"trusted"},
	New: func(*Settings) Observer {
		return func(ev *Event, out *Out) {
			o := ev.ObjectRef
			if o == nil || o.Resource != "events" || (o.APIGroup != "" && o.APIGroup != "events.k8s.io") || !ev.Allowed() {
				return
			}
			if ev.Verb != "delete" && ev.Verb != "deletecollection" {
				return
			}
			out.Report(Alert{
				Object: objectRef(ev), Events: []EventRef{refOf(ev)},
				Message: fmt.Sprintf("user %q %s %s from %s", ev.User.Username, verbPhrase(ev.Verb), describeObject(ev), sourceIPsOf([]EventRef{refOf(ev)})),
			})
		}
	},
}
