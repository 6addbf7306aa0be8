package hygiene_test

import (
	"testing"

	"github.com/kubeward/kubeward/internal/check/checktest"
	"github.com/kubeward/kubeward/internal/checks/hygiene"
)

func TestDeprecatedAPIVersion(t *testing.T) {
	checktest.Run(t, "testdata/deprecated_api.yaml", hygiene.DeprecatedAPIVersion)
}
