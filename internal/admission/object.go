package admission

import (
	"fmt"
	"strings"

	admissionv1 "k8s.io/api/admission/v1"

	"github.com/kubeward/kubeward/internal/kube"
)

// newObject builds the object the checks see from a request: the object
// as the API server would store it, named by its API path where a file
// object has a file, and carrying the request's user and operation for
// policies (kube.AdmissionInfo).
func newObject(req *admissionv1.AdmissionRequest, raw []byte) (*kube.Object, error) {
	o, err := kube.NewObject(raw, nil, kube.Location{}, 0, 0)
	if err != nil {
		return nil, err
	}
	// A namespaced object sent without metadata.namespace belongs to the
	// request's namespace, as the API server stores it.
	if o.Namespace == "" {
		o.Namespace = req.Namespace
		o.Meta.Namespace = req.Namespace
	}
	if o.Name == "" {
		o.Name = req.Name
	}
	o.ResourceVersion = o.Meta.ResourceVersion
	o.Location = kube.Location{Object: apiPath(req, o.Namespace, o.Name)}
	o.Admission = &kube.AdmissionInfo{
		UID:         string(req.UID),
		Operation:   string(req.Operation),
		SubResource: req.SubResource,
		User:        req.UserInfo.Username,
		Groups:      req.UserInfo.Groups,
		DryRun:      req.DryRun != nil && *req.DryRun,
		OldObject:   req.OldObject.Raw,
	}
	return o, nil
}

// apiPath is the object's path on the API server, the form
// `kubectl get --raw` takes.
func apiPath(req *admissionv1.AdmissionRequest, namespace, name string) string {
	var b strings.Builder
	if req.Resource.Group == "" {
		b.WriteString("/api/" + req.Resource.Version)
	} else {
		fmt.Fprintf(&b, "/apis/%s/%s", req.Resource.Group, req.Resource.Version)
	}
	if namespace != "" {
		b.WriteString("/namespaces/" + namespace)
	}
	b.WriteString("/" + req.Resource.Resource)
	if name != "" {
		b.WriteString("/" + name)
	}
	return b.String()
}
