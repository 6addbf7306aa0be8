package network_test

import (
	"testing"

	"github.com/kubeward/kubeward/internal/check/checktest"
	"github.com/kubeward/kubeward/internal/checks/network"
)

func TestNamespaceWithoutNetworkPolicy(t *testing.T) {
	checktest.Run(t, "testdata/namespace-without-network-policy.yaml", network.NamespaceWithoutNetworkPolicy)
}
