package network_test

import (
	"testing"

	"github.com/kubeward/kubeward/internal/check/checktest"
	"github.com/kubeward/kubeward/internal/checks/network"
)

func TestServiceExternalIPs(t *testing.T) {
	checktest.Run(t, "testdata/service-external-ips.yaml", network.ServiceExternalIPs)
}
