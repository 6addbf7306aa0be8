// Package rbac holds kubeward's rbac checks: what Roles and ClusterRoles
// grant, and to whom bindings grant it.
package rbac

import "github.com/kubeward/kubeward/internal/check"

// Family groups these checks in reports.
const Family = "rbac"

// Checks lists the package's checks in the order they are documented.
var Checks = []check.Runner{
	ClusterAdminBinding,
	WildcardAdminBinding,
	BindingRiskySubject,
	DefaultServiceAccountBinding,
	Wildcard,
	SecretsRead,
	PodExec,
	WorkloadCreate,
	EscalateBindImpersonate,
	NodesProxy,
	TokenCreate,
	CSRApproval,
	WebhookConfigWrite,
	PersistentVolumeCreate,
	DeleteEvents,
	AggregatedDangerous,
	AggregationRuleDangerous,
	PathWorkloadCreate,
	PathSecretsRead,
	PathTokenCreate,
	PathBindEscalate,
	PathImpersonate,
	PathNodesProxy,
	PathCSRApprove,
}
