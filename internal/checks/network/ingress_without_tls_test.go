package network_test

import (
	"testing"

	"github.com/kubeward/kubeward/internal/check/checktest"
	"github.com/kubeward/kubeward/internal/checks/network"
)

func TestIngressWithoutTLS(t *testing.T) {
	checktest.Run(t, "testdata/ingress-without-tls.yaml", network.IngressWithoutTLS)
}
