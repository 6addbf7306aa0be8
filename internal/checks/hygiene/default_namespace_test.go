package hygiene_test

import (
	"testing"

	"github.com/kubeward/kubeward/internal/check/checktest"
	"github.com/kubeward/kubeward/internal/checks/hygiene"
)

func TestWorkloadInDefaultNamespace(t *testing.T) {
	checktest.Run(t, "testdata/default_namespace.yaml", hygiene.WorkloadInDefaultNamespace)
}
