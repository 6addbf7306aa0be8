package podsecurity_test

import (
	"testing"

	"github.com/kubeward/kubeward/internal/check/checktest"
	"github.com/kubeward/kubeward/internal/checks/podsecurity"
)

func TestAppArmor(t *testing.T) { checktest.Run(t, "testdata/apparmor.yaml", podsecurity.AppArmor) }
