package workload

import (
	corev1 "k8s.io/api/core/v1"

	"github.com/kubeward/kubeward/internal/kube"
)

// resourceNames are the resources whose limits and requests are checked,
// memory first since it is the one a container cannot be throttled on.
var resourceNames = []corev1.ResourceName{corev1.ResourceMemory, corev1.ResourceCPU}

// hasResources reports whether a container can declare resources at all:
// the API rejects resources on ephemeral containers.
func hasResources(c kube.Container) bool { return c.Kind != kube.EphemeralContainer }
