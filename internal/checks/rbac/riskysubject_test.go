package rbac_test

import (
	"testing"

	"github.com/kubeward/kubeward/internal/check/checktest"
	"github.com/kubeward/kubeward/internal/checks/rbac"
)

func TestBindingRiskySubject(t *testing.T) {
	checktest.Run(t, "testdata/riskysubject.yaml", rbac.BindingRiskySubject)
}
