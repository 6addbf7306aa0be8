package audit

import (
	"bytes"
	"fmt"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/checks/podsecurity"
	"github.com/kubeward/kubeward/internal/kube"
)

// podChecks are the manifest checks run on pods created through the API:
// the ones that mean "this workload can reach the node".
var podChecks = []check.Runner{podsecurity.Privileged, podsecurity.HostPathVolume, podsecurity.HostNamespaces}

// workloadResources are the resources whose request bodies carry a pod
// spec the pod checks understand.
var workloadResources = map[string]bool{
	"pods": true, "deployments": true, "daemonsets": true, "statefulsets": true, "replicasets": true,
	"jobs": true, "cronjobs": true, "replicationcontrollers": true, "podtemplates": true,
}

// InsecureWorkload runs kubeward's own pod checks on the bodies of
// workloads created or updated through the API, so that a privileged or
// host-sharing pod started by hand shows up in the audit trail exactly as
// it would in a manifest scan.
var InsecureWorkload = &Detector{
	Meta: check.Meta{
		ID: "audit-insecure-workload", Title: "Privileged or host-sharing workload created through the API", Severity: check.Critical, Family: "audit",
		Description: "Runs the checks privileged-container, host-path-volume and host-namespaces on the request body of every " +
			"successful create and update of a pod or workload (Deployment, DaemonSet, Job, ...), and reports what they find at " +
			"their own severity. It needs the audit policy to log these requests at Request level or above; at Metadata level there " +
			"is no body to check. Each object, check and field is reported once per repeat window.",
		Remediation: "Find out who created the workload and why it needs host access; remove the privilege, or move it to a namespace where Pod Security Admission enforces the baseline profile.",
		Controls:    []check.Control{{Framework: check.FrameworkMITRE, ID: "T1610"}, {Framework: check.FrameworkMITRE, ID: "T1611"}},
	},
	Trusted:  []string{"system:kube-controller-manager", "system:serviceaccount:kube-system:*"},
	Tunables: []string{"repeatWindow"},
	New: func(*Settings) Observer {
		engine := check.NewEngine(podChecks, check.Options{})
		return func(ev *Event, out *Out) {
			if ev.ObjectRef == nil || !workloadResources[ev.ObjectRef.Resource] || ev.ObjectRef.Subresource != "" || !ev.Allowed() {
				return
			}
			body := objectBody(ev)
			if body == nil || !mayReachHost(body) {
				return
			}
			o, err := kube.NewObject(body, nil, kube.Location{File: ev.File, Line: ev.Line}, 0, 0)
			if err != nil {
				return
			}
			if o.Namespace == "" {
				o.Namespace = ev.Namespace()
			}
			findings, err := engine.Evaluate(o)
			if err != nil {
				return
			}
			for _, f := range findings {
				if f.Status != check.StatusFail {
					continue
				}
				sev := f.Severity
				ref := o.Ref
				out.ReportOnce(ref.String()+" "+f.Check+" "+f.Path, ev.Time(), Alert{
					Object: ref, Path: f.Path, Severity: &sev, Events: []EventRef{refOf(ev)},
					Message: fmt.Sprintf("user %q %s %s %q with %s: %s", ev.User.Username, verbPhrase(ev.Verb), o.Kind, nsName(ref), f.Check, f.Message),
				})
			}
		}
	},
}

// objectBody is the object a write stored: the response body for a patch
// (its request body is only the patch), else the request body, else the
// response body when the policy logged only that.
func objectBody(ev *Event) []byte {
	if ev.Verb == "patch" {
		return ev.ResponseObject
	}
	if ev.RequestObject != nil {
		return ev.RequestObject
	}
	return ev.ResponseObject
}

func nsName(r kube.Ref) string {
	if r.Namespace == "" {
		return r.Name
	}
	return r.Namespace + "/" + r.Name
}

// hostFields are the field names without which none of podChecks can
// fail. Looking for them in the raw body costs a fraction of decoding it,
// and nearly every workload written lacks them all.
var hostFields = [][]byte{[]byte(`"privileged"`), []byte(`"hostPath"`), []byte(`"hostPID"`), []byte(`"hostNetwork"`), []byte(`"hostIPC"`)}

func mayReachHost(body []byte) bool {
	for _, f := range hostFields {
		if bytes.Contains(body, f) {
			return true
		}
	}
	return false
}
