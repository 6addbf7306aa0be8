package rbac_test

import (
	"testing"

	"github.com/kubeward/kubeward/internal/check/checktest"
	"github.com/kubeward/kubeward/internal/checks/rbac"
)

func TestDefaultServiceAccountBinding(t *testing.T) {
	checktest.Run(t, "testdata/defaultsa.yaml", rbac.DefaultServiceAccountBinding)
}
