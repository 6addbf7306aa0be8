// Package hygiene holds kubeward's hygiene checks: where workloads are
// placed, how they survive voluntary disruption, and API versions that a
// Kubernetes upgrade breaks.
package hygiene

import "github.com/kubeward/kubeward/internal/check"

// Family groups these checks in reports.
const Family = "hygiene"

// Checks lists the package's checks in the order they are documented.
var Checks = []check.Runner{
	WorkloadInDefaultNamespace,
	KubeSystemNonSystemWorkload,
	SingleReplicaWithoutPDB,
	MultiReplicaWithoutPDB,
	RemovedAPIVersion,
	DeprecatedAPIVersion,
}
