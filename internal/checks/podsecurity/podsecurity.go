// Package podsecurity holds the Pod Security Standards controls, baseline
// and restricted, one check per control.
package podsecurity

import "github.com/kubeward/kubeward/internal/check"

// Family groups these checks in reports.
const Family = "pod-security"

// Checks lists the package's checks in the order they are documented.
var Checks = []check.Runner{
	Privileged,
}
