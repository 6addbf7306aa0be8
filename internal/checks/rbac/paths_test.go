package rbac_test

import (
	"testing"

	"github.com/kubeward/kubeward/internal/check/checktest"
	"github.com/kubeward/kubeward/internal/checks/rbac"
)

func TestEscalationPaths(t *testing.T) {
	checktest.Run(t, "testdata/paths.yaml", rbac.PathWorkloadCreate, rbac.PathSecretsRead, rbac.PathTokenCreate,
		rbac.PathBindEscalate, rbac.PathImpersonate, rbac.PathNodesProxy, rbac.PathCSRApprove)
}

func TestEscalationPathShortcuts(t *testing.T) {
	checktest.Run(t, "testdata/paths_shortcuts.yaml", rbac.PathWorkloadCreate, rbac.PathSecretsRead, rbac.PathTokenCreate,
		rbac.PathBindEscalate, rbac.PathImpersonate, rbac.PathNodesProxy, rbac.PathCSRApprove)
}
