package hygiene_test

import (
	"testing"

	"github.com/kubeward/kubeward/internal/check/checktest"
	"github.com/kubeward/kubeward/internal/checks/hygiene"
)

func TestKubeSystemNonSystemWorkload(t *testing.T) {
	checktest.Run(t, "testdata/kube_system.yaml", hygiene.KubeSystemNonSystemWorkload)
}
