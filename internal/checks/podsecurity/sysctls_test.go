package podsecurity_test

import (
	"testing"

	"github.com/kubeward/kubeward/internal/check/checktest"
	"github.com/kubeward/kubeward/internal/checks/podsecurity"
)

func TestSysctls(t *testing.T) { checktest.Run(t, "testdata/sysctls.yaml", podsecurity.Sysctls) }
