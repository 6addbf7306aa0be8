package podsecurity

import (
	"github.com/kubeward/kubeward/internal/kube"
)

// A finding about a field that is missing points at the nearest field that
// exists, so that the reported line is one the reader can edit. These
// helpers compute such paths.

// containerSCPath is the container's securityContext when it is set, else
// the container itself.
func containerSCPath(c kube.Container) string {
	if c.SecurityContext != nil {
		return c.Path + ".securityContext"
	}
	return c.Path
}

// podSCPath is the path of the pod-level securityContext; callers use it
// only when the field they name below it is set.
func podSCPath(w *kube.Workload) string { return w.SpecPath + ".securityContext" }

// userNamespaced reports whether the pod runs in its own user namespace
// (spec.hostUsers: false). Since Kubernetes 1.35 the standard relaxes the
// controls whose risk a user namespace removes: root in the pod is not root
// on the node.
func userNamespaced(w *kube.Workload) bool {
	return w.Spec.HostUsers != nil && !*w.Spec.HostUsers
}
