package audit

import (
	"fmt"
	"strings"

	"github.com/kubeward/kubeward/internal/check"
)

// PodExec reports exec and attach into containers: a shell in a running
// container is how an intruder moves from API access to code execution,
// and rarely how a healthy production workload is operated.
var PodExec = &Detector{
	Meta: check.Meta{
		ID: "audit-pod-exec", Title: "Exec or attach into a container", Severity: check.High, Family: "audit",
		Description: "Reports every request to pods/exec and pods/attach, with the container and command from the request, " +
			"whatever the answer: a refused or failed attempt is as telling as a successful one. Every attempt is its own finding.",
		Remediation: "Confirm who ran the command and why; restrict create (and get) on pods/exec and pods/attach to break-glass roles.",
		Controls:    []check.Control{{Framework: check.FrameworkMITRE, ID: "T1609"}},
	},
	New: func(*Settings) Observer {
		return func(ev *Event, out *Out) {
			if ev.ObjectRef == nil || ev.ObjectRef.Resource != "pods" || (ev.ObjectRef.Subresource != "exec" && ev.ObjectRef.Subresource != "attach") {
				return
			}
			q := queryOf(ev.RequestURI)
			var detail []string
			if c := q.Get("container"); c != "" {
				detail = append(detail, fmt.Sprintf("container %q", c))
			}
			if cmd := q["command"]; len(cmd) > 0 {
				detail = append(detail, fmt.Sprintf("command %q", strings.Join(cmd, " ")))
			}
			what := ""
			if len(detail) > 0 {
				what = " (" + strings.Join(detail, ", ") + ")"
			}
			out.Report(Alert{
				Object: objectRef(ev), Events: []EventRef{refOf(ev)},
				Message: fmt.Sprintf("user %q requested %s into pod %q%s from %s; %s",
					ev.User.Username, ev.ObjectRef.Subresource, ev.Namespace()+"/"+ev.ObjectRef.Name, what, sourceIPsOf([]EventRef{refOf(ev)}), answer(ev)),
			})
		}
	},
}

// PodPortForward reports port forwarding into pods: a tunnel from a
// workstation into the cluster network that bypasses Services, Ingress and
// network policies at the edge.
var PodPortForward = &Detector{
	Meta: check.Meta{
		ID: "audit-pod-portforward", Title: "Port forward into a pod", Severity: check.Medium, Family: "audit",
		Description: "Reports every request to pods/portforward, whatever the answer. A port forward tunnels traffic from the " +
			"client into the pod's network namespace, past the cluster's edge controls.",
		Remediation: "Confirm the tunnel was intended; restrict create (and get) on pods/portforward to break-glass roles.",
		Controls:    []check.Control{{Framework: check.FrameworkMITRE, ID: "T1572"}},
	},
	New: func(*Settings) Observer {
		return func(ev *Event, out *Out) {
			if ev.ObjectRef == nil || ev.ObjectRef.Resource != "pods" || ev.ObjectRef.Subresource != "portforward" {
				return
			}
			ports := ""
			if p := queryOf(ev.RequestURI)["ports"]; len(p) > 0 {
				ports = " (ports " + strings.Join(p, ", ") + ")"
			}
			out.Report(Alert{
				Object: objectRef(ev), Events: []EventRef{refOf(ev)},
				Message: fmt.Sprintf("user %q requested a port forward to pod %q%s from %s; %s",
					ev.User.Username, ev.Namespace()+"/"+ev.ObjectRef.Name, ports, sourceIPsOf([]EventRef{refOf(ev)}), answer(ev)),
			})
		}
	},
}

// NodeProxy reports use of nodes/proxy: it reaches the kubelet's API,
// which runs commands in any container of the node and is not subject to
// the API server's admission control or audit of what happens there.
var NodeProxy = &Detector{
	Meta: check.Meta{
		ID: "audit-node-proxy", Title: "Request through nodes/proxy to a kubelet", Severity: check.High, Family: "audit",
		Description: "Reports every request to nodes/proxy. Through it a user reaches the kubelet API of the node: exec into any " +
			"of its containers, read its logs and metrics, without the API server seeing what is done there.",
		Remediation: "Restrict nodes/proxy to monitoring components that need it; investigate any other use.",
		Controls:    []check.Control{{Framework: check.FrameworkMITRE, ID: "T1609"}},
	},
	Trusted: []string{"system:apiserver", "system:kube-controller-manager"},
	New: func(*Settings) Observer {
		return func(ev *Event, out *Out) {
			if ev.ObjectRef == nil || ev.ObjectRef.Resource != "nodes" || ev.ObjectRef.Subresource != "proxy" {
				return
			}
			out.Report(Alert{
				Object: objectRef(ev), Events: []EventRef{refOf(ev)},
				Message: fmt.Sprintf("user %q sent %s %s through the API server to the kubelet of node %q from %s; %s",
					ev.User.Username, ev.Verb, pathOf(ev.RequestURI), ev.ObjectRef.Name, sourceIPsOf([]EventRef{refOf(ev)}), answer(ev)),
			})
		}
	},
}
