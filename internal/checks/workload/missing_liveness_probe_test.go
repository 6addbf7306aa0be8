package workload_test

import (
	"testing"

	"github.com/kubeward/kubeward/internal/check/checktest"
	"github.com/kubeward/kubeward/internal/checks/workload"
)

func TestMissingLivenessProbe(t *testing.T) {
	checktest.Run(t, "testdata/missing-liveness-probe.yaml", workload.MissingLivenessProbe)
}
