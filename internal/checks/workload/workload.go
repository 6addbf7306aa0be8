// Package workload holds the common workload checks that go beyond the Pod
// Security Standards: host paths and sockets, images, resources, service
// account tokens, secrets in env, probes.
package workload

import "github.com/kubeward/kubeward/internal/check"

// Family groups these checks in reports.
const Family = "workload"

// Checks lists the package's checks in the order they are documented.
var Checks = []check.Runner{
	RuntimeSocket,
	SensitiveHostPath,
	WritableRootFilesystem,
	LatestImageTag,
	ImageNotPinned,
	MissingResourceLimits,
	MissingResourceRequests,
	AutomountServiceAccountToken,
	DefaultServiceAccount,
	MissingLivenessProbe,
	MissingReadinessProbe,
}
