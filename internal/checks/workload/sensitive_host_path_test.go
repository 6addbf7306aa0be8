package workload_test

import (
	"testing"

	"github.com/kubeward/kubeward/internal/check/checktest"
	"github.com/kubeward/kubeward/internal/checks/workload"
)

// The socket and sensitive-path checks run together so that the test also
// proves they never report the same volume twice.
func TestSensitiveHostPath(t *testing.T) {
	checktest.Run(t, "testdata/sensitive-host-path.yaml", workload.RuntimeSocket, workload.SensitiveHostPath)
}
