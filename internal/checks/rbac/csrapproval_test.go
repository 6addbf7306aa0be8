package rbac_test

import (
	"testing"

	"github.com/kubeward/kubeward/internal/check/checktest"
	"github.com/kubeward/kubeward/internal/checks/rbac"
)

func TestCSRApproval(t *testing.T) { checktest.Run(t, "testdata/csrapproval.yaml", rbac.CSRApproval) }
