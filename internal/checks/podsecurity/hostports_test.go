package podsecurity_test

import (
	"testing"

	"github.com/kubeward/kubeward/internal/check/checktest"
	"github.com/kubeward/kubeward/internal/checks/podsecurity"
)

func TestHostPorts(t *testing.T) { checktest.Run(t, "testdata/host-ports.yaml", podsecurity.HostPorts) }
