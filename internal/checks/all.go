// Package checks lists every built-in check. Adding a check means adding it
// to its package's Checks slice; this file joins the families.
package checks

import (
	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/checks/podsecurity"
	"github.com/kubeward/kubeward/internal/checks/workload"
)

// All returns every built-in check, in documentation order.
func All() []check.Runner {
	var all []check.Runner
	all = append(all, podsecurity.Checks...)
	all = append(all, workload.Checks...)
	return all
}
