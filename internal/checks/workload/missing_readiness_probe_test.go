package workload_test

import (
	"testing"

	"github.com/kubeward/kubeward/internal/check/checktest"
	"github.com/kubeward/kubeward/internal/checks/workload"
)

func TestMissingReadinessProbe(t *testing.T) {
	checktest.Run(t, "testdata/missing-readiness-probe.yaml", workload.MissingReadinessProbe)
}
