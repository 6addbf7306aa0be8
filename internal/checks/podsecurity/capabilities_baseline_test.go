package podsecurity_test

import (
	"testing"

	"github.com/kubeward/kubeward/internal/check/checktest"
	"github.com/kubeward/kubeward/internal/checks/podsecurity"
)

func TestCapabilitiesBaseline(t *testing.T) {
	checktest.Run(t, "testdata/capabilities-baseline.yaml", podsecurity.CapabilitiesBaseline)
}
