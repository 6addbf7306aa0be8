// Package checks lists every built-in check. Adding a check means adding it
// to its package's Checks slice; this file joins the families.
package checks

import (
	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/checks/admission"
	"github.com/kubeward/kubeward/internal/checks/hygiene"
	"github.com/kubeward/kubeward/internal/checks/images"
	"github.com/kubeward/kubeward/internal/checks/network"
	"github.com/kubeward/kubeward/internal/checks/podsecurity"
	"github.com/kubeward/kubeward/internal/checks/rbac"
	"github.com/kubeward/kubeward/internal/checks/secrets"
	"github.com/kubeward/kubeward/internal/checks/workload"
)

// All returns every built-in check, in documentation order.
func All() []check.Runner {
	var all []check.Runner
	all = append(all, podsecurity.Checks...)
	all = append(all, workload.Checks...)
	all = append(all, rbac.Checks...)
	all = append(all, network.Checks...)
	all = append(all, secrets.Checks...)
	all = append(all, images.Checks...)
	all = append(all, hygiene.Checks...)
	all = append(all, admission.Checks...)
	return all
}
