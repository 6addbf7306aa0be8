package network_test

import (
	"testing"

	"github.com/kubeward/kubeward/internal/check/checktest"
	"github.com/kubeward/kubeward/internal/checks/network"
)

func TestServiceNodePort(t *testing.T) {
	checktest.Run(t, "testdata/service-nodeport.yaml", network.ServiceNodePort)
}
