package network_test

import (
	"testing"

	"github.com/kubeward/kubeward/internal/check/checktest"
	"github.com/kubeward/kubeward/internal/checks/network"
)

func TestNetworkPolicyAllowAll(t *testing.T) {
	checktest.Run(t, "testdata/network-policy-allow-all.yaml", network.NetworkPolicyAllowAll)
}
