package podsecurity_test

import (
	"testing"

	"github.com/kubeward/kubeward/internal/check/checktest"
	"github.com/kubeward/kubeward/internal/checks/podsecurity"
)

func TestSELinux(t *testing.T) { checktest.Run(t, "testdata/selinux.yaml", podsecurity.SELinux) }
