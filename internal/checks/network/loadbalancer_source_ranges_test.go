package network_test

import (
	"testing"

	"github.com/kubeward/kubeward/internal/check/checktest"
	"github.com/kubeward/kubeward/internal/checks/network"
)

func TestLoadBalancerSourceRanges(t *testing.T) {
	checktest.Run(t, "testdata/loadbalancer-source-ranges.yaml", network.LoadBalancerSourceRanges)
}
