package workload_test

import (
	"testing"

	"github.com/kubeward/kubeward/internal/check/checktest"
	"github.com/kubeward/kubeward/internal/checks/workload"
)

func TestAutomountServiceAccountToken(t *testing.T) {
	checktest.Run(t, "testdata/automount-service-account-token.yaml", workload.AutomountServiceAccountToken)
}
