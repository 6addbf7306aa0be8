package podsecurity_test

import (
	"testing"

	"github.com/kubeward/kubeward/internal/check/checktest"
	"github.com/kubeward/kubeward/internal/checks/podsecurity"
)

func TestHostNamespaces(t *testing.T) {
	checktest.Run(t, "testdata/host-namespaces.yaml", podsecurity.HostNamespaces)
}
