package rbac

import (
	"fmt"
	"strings"
)

// builtinGroups maps the plural of the built-in resources to their API
// group, so that `who-can get deployments` needs no cluster to ask. A
// resource not listed here is named with its group: widgets.example.com.
var builtinGroups = map[string]string{
	"bindings": "", "componentstatuses": "", "configmaps": "", "endpoints": "", "events": "",
	"limitranges": "", "namespaces": "", "nodes": "", "persistentvolumeclaims": "",
	"persistentvolumes": "", "pods": "", "podtemplates": "", "replicationcontrollers": "",
	"resourcequotas": "", "secrets": "", "serviceaccounts": "", "services": "",
	"controllerrevisions": "apps", "daemonsets": "apps", "deployments": "apps", "replicasets": "apps", "statefulsets": "apps",
	"cronjobs": "batch", "jobs": "batch",
	"horizontalpodautoscalers": "autoscaling",
	"roles":                    "rbac.authorization.k8s.io", "clusterroles": "rbac.authorization.k8s.io",
	"rolebindings": "rbac.authorization.k8s.io", "clusterrolebindings": "rbac.authorization.k8s.io",
	"ingresses": "networking.k8s.io", "ingressclasses": "networking.k8s.io", "networkpolicies": "networking.k8s.io",
	"poddisruptionbudgets":            "policy",
	"certificatesigningrequests":      "certificates.k8s.io",
	"signers":                         "certificates.k8s.io",
	"tokenreviews":                    "authentication.k8s.io",
	"subjectaccessreviews":            "authorization.k8s.io",
	"selfsubjectaccessreviews":        "authorization.k8s.io",
	"selfsubjectrulesreviews":         "authorization.k8s.io",
	"localsubjectaccessreviews":       "authorization.k8s.io",
	"customresourcedefinitions":       "apiextensions.k8s.io",
	"apiservices":                     "apiregistration.k8s.io",
	"mutatingwebhookconfigurations":   "admissionregistration.k8s.io",
	"validatingwebhookconfigurations": "admissionregistration.k8s.io",
	"validatingadmissionpolicies":     "admissionregistration.k8s.io",
	"storageclasses":                  "storage.k8s.io", "volumeattachments": "storage.k8s.io", "csidrivers": "storage.k8s.io", "csinodes": "storage.k8s.io",
	"priorityclasses": "scheduling.k8s.io",
	"runtimeclasses":  "node.k8s.io",
	"leases":          "coordination.k8s.io",
	"endpointslices":  "discovery.k8s.io",
	"flowschemas":     "flowcontrol.apiserver.k8s.io", "prioritylevelconfigurations": "flowcontrol.apiserver.k8s.io",
	"*": "*",
}

// ParseResource reads the resource of a who-can question: "pods",
// "pods/exec", "deployments.apps", "widgets.example.com/status", "*", or
// a non-resource URL starting with "/". sub, when given, is the
// subresource as a separate argument.
func ParseResource(verb, resource, sub string) (Request, error) {
	if strings.HasPrefix(resource, "/") {
		if sub != "" {
			return Request{}, fmt.Errorf("a non-resource URL (%s) has no subresource", resource)
		}
		return Request{Verb: verb, Path: resource}, nil
	}
	res, s, hasSub := strings.Cut(resource, "/")
	if hasSub {
		if sub != "" {
			return Request{}, fmt.Errorf("subresource given twice: %s and %s", resource, sub)
		}
		sub = s
	}
	name, group, dotted := strings.Cut(res, ".")
	if !dotted {
		g, ok := builtinGroups[strings.ToLower(res)]
		if !ok {
			return Request{}, fmt.Errorf("unknown resource %q: name its API group as RESOURCE.GROUP, e.g. widgets.example.com", res)
		}
		name, group = strings.ToLower(res), g
	}
	if name == "" || (hasSub && sub == "") {
		return Request{}, fmt.Errorf("resource %q: want RESOURCE, RESOURCE.GROUP or RESOURCE/SUBRESOURCE", resource)
	}
	return Request{Verb: verb, Group: group, Resource: name, Subresource: sub}, nil
}
