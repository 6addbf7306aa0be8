package admission

import (
	"slices"
	"strings"

	admissionv1 "k8s.io/api/admission/v1"
)

// Exemptions are requests kubeward does not evaluate at all, as Pod
// Security Admission's exemptions: by the namespace of the object, by the
// requesting user or one of its groups, or by service account (which is a
// user named system:serviceaccount:<namespace>:<name>).
type Exemptions struct {
	Namespaces      []string
	Users           []string
	Groups          []string
	ServiceAccounts []string // namespace/name
}

// match returns why a request is exempt, or "".
func (e Exemptions) match(req *admissionv1.AdmissionRequest, namespace string) string {
	if namespace != "" && slices.Contains(e.Namespaces, namespace) {
		return "namespace " + namespace
	}
	user := req.UserInfo.Username
	if slices.Contains(e.Users, user) {
		return "user " + user
	}
	for _, g := range req.UserInfo.Groups {
		if slices.Contains(e.Groups, g) {
			return "group " + g
		}
	}
	if rest, ok := strings.CutPrefix(user, "system:serviceaccount:"); ok {
		if ns, name, ok := strings.Cut(rest, ":"); ok && slices.Contains(e.ServiceAccounts, ns+"/"+name) {
			return "service account " + ns + "/" + name
		}
	}
	return ""
}
