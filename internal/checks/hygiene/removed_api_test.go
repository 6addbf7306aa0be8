package hygiene_test

import (
	"testing"

	"github.com/kubeward/kubeward/internal/check/checktest"
	"github.com/kubeward/kubeward/internal/checks/hygiene"
)

func TestRemovedAPIVersion(t *testing.T) {
	checktest.Run(t, "testdata/removed_api.yaml", hygiene.RemovedAPIVersion)
}
