package workload_test

import (
	"testing"

	"github.com/kubeward/kubeward/internal/check/checktest"
	"github.com/kubeward/kubeward/internal/checks/workload"
)

func TestDefaultServiceAccount(t *testing.T) {
	checktest.Run(t, "testdata/default-service-account.yaml", workload.DefaultServiceAccount)
}
