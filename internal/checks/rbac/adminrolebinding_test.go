package rbac_test

import (
	"testing"

	"github.com/kubeward/kubeward/internal/check/checktest"
	"github.com/kubeward/kubeward/internal/checks/rbac"
)

func TestWildcardAdminBinding(t *testing.T) {
	checktest.Run(t, "testdata/adminrolebinding.yaml", rbac.WildcardAdminBinding)
}
