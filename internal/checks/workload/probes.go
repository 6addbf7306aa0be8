package workload

import (
	corev1 "k8s.io/api/core/v1"

	"github.com/kubeward/kubeward/internal/kube"
)

// needsProbes reports whether a container is expected to run until stopped
// and so should have liveness and readiness probes: a regular container, or
// a sidecar (an init container with restartPolicy Always), of a workload
// that restarts its pods. Jobs and CronJobs run to completion, and so do
// bare Pods and PodTemplates whose restartPolicy is Never or OnFailure;
// bare Pods that restart are treated like any long-running workload.
func needsProbes(c kube.Container) bool {
	switch c.Kind {
	case kube.RegularContainer:
	case kube.InitContainer:
		if c.RestartPolicy == nil || *c.RestartPolicy != corev1.ContainerRestartPolicyAlways {
			return false
		}
	default:
		return false
	}
	w := c.Workload
	switch w.Object.Kind {
	case "Job", "CronJob":
		return false
	}
	rp := w.Spec.RestartPolicy
	return rp == "" || rp == corev1.RestartPolicyAlways
}
