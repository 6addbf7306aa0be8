package audit

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/kubeward/kubeward/internal/kube"
)

// userRef names the user as a finding's object: a ServiceAccount when the
// user is one, else a User.
func userRef(name string) kube.Ref {
	if rest, ok := strings.CutPrefix(name, "system:serviceaccount:"); ok {
		if ns, sa, ok := strings.Cut(rest, ":"); ok {
			return kube.Ref{APIVersion: "v1", Kind: "ServiceAccount", Namespace: ns, Name: sa}
		}
	}
	return kube.Ref{APIVersion: "rbac.authorization.k8s.io/v1", Kind: "User", Name: name}
}

// kinds maps the resources detectors name to their kinds; other resources
// are named by resource in findings.
var kinds = map[string]string{
	"pods": "Pod", "secrets": "Secret", "nodes": "Node", "serviceaccounts": "ServiceAccount",
	"roles": "Role", "clusterroles": "ClusterRole", "rolebindings": "RoleBinding", "clusterrolebindings": "ClusterRoleBinding",
	"certificatesigningrequests": "CertificateSigningRequest", "events": "Event",
	"validatingwebhookconfigurations": "ValidatingWebhookConfiguration", "mutatingwebhookconfigurations": "MutatingWebhookConfiguration",
	"validatingadmissionpolicies": "ValidatingAdmissionPolicy", "validatingadmissionpolicybindings": "ValidatingAdmissionPolicyBinding",
	"mutatingadmissionpolicies": "MutatingAdmissionPolicy", "mutatingadmissionpolicybindings": "MutatingAdmissionPolicyBinding",
	"deployments": "Deployment", "daemonsets": "DaemonSet", "statefulsets": "StatefulSet", "replicasets": "ReplicaSet",
	"jobs": "Job", "cronjobs": "CronJob", "replicationcontrollers": "ReplicationController", "podtemplates": "PodTemplate",
	"namespaces": "Namespace", "configmaps": "ConfigMap",
}

// objectRef names the object a request was about.
func objectRef(ev *Event) kube.Ref {
	o := ev.ObjectRef
	if o == nil {
		return kube.Ref{Kind: "NonResourceURL", Name: pathOf(ev.RequestURI)}
	}
	apiVersion := o.APIVersion
	if o.APIGroup != "" {
		apiVersion = o.APIGroup + "/" + o.APIVersion
	}
	kind := kinds[o.Resource]
	if kind == "" {
		kind = o.Resource
	}
	return kube.Ref{APIVersion: apiVersion, Kind: kind, Namespace: o.Namespace, Name: o.Name}
}

// describeObject names an object in a message: `pod "ns/name"`,
// `clusterrolebindings "name"`, `secrets in namespace "ns"`.
func describeObject(ev *Event) string {
	o := ev.ObjectRef
	if o == nil {
		return pathOf(ev.RequestURI)
	}
	switch {
	case o.Name != "" && o.Namespace != "":
		return fmt.Sprintf("%s %q", o.Resource, o.Namespace+"/"+o.Name)
	case o.Name != "":
		return fmt.Sprintf("%s %q", o.Resource, o.Name)
	case o.Namespace != "":
		return fmt.Sprintf("%s in namespace %q", o.Resource, o.Namespace)
	default:
		return o.Resource + " in all namespaces"
	}
}

// pathOf is a request URI without its query.
func pathOf(uri string) string {
	p, _, _ := strings.Cut(uri, "?")
	return p
}

// queryOf returns the request URI's query parameters.
func queryOf(uri string) url.Values {
	_, q, ok := strings.Cut(uri, "?")
	if !ok {
		return nil
	}
	v, _ := url.ParseQuery(q)
	return v
}

// sourceIPsOf lists the distinct source IPs of events, in order of first
// appearance.
func sourceIPsOf(refs []EventRef) string {
	var ips []string
	seen := map[string]bool{}
	for _, r := range refs {
		for _, ip := range r.SourceIPs {
			if !seen[ip] {
				seen[ip] = true
				ips = append(ips, ip)
			}
		}
	}
	if len(ips) == 0 {
		return "an unknown address"
	}
	return strings.Join(ips, ", ")
}

// answer describes the response code for a message.
func answer(ev *Event) string {
	if c := ev.Code(); c != 0 {
		return fmt.Sprintf("answered %d", c)
	}
	return "no answer recorded"
}

// verbPhrase is the past tense of a verb for messages.
func verbPhrase(verb string) string {
	switch verb {
	case "create":
		return "created"
	case "update":
		return "updated"
	case "patch":
		return "patched"
	case "delete":
		return "deleted"
	case "deletecollection":
		return "deleted all"
	case "get":
		return "read"
	case "list":
		return "listed"
	case "watch":
		return "watched"
	}
	return verb
}

// objectRefForIP names a source address as a finding's object.
func objectRefForIP(ip string) kube.Ref {
	return kube.Ref{Kind: "SourceIP", Name: ip}
}
