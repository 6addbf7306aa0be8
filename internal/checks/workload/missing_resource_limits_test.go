package workload_test

import (
	"testing"

	"github.com/kubeward/kubeward/internal/check/checktest"
	"github.com/kubeward/kubeward/internal/checks/workload"
)

func TestMissingResourceLimits(t *testing.T) {
	checktest.Run(t, "testdata/missing-resource-limits.yaml", workload.MissingResourceLimits)
}
