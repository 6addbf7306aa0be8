package podsecurity_test

import (
	"testing"

	"github.com/kubeward/kubeward/internal/check/checktest"
	"github.com/kubeward/kubeward/internal/checks/podsecurity"
)

// TestHardened runs every check of the package over restricted-compliant
// workloads, which must yield no finding at all.
func TestHardened(t *testing.T) {
	checktest.Run(t, "testdata/hardened.yaml", podsecurity.Checks...)
}
