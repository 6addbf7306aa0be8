package podsecurity_test

import (
	"testing"

	"github.com/kubeward/kubeward/internal/check/checktest"
	"github.com/kubeward/kubeward/internal/checks/podsecurity"
)

func TestCapabilitiesRestricted(t *testing.T) {
	checktest.Run(t, "testdata/capabilities-restricted.yaml", podsecurity.CapabilitiesRestricted)
}
