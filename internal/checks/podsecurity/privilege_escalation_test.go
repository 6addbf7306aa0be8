package podsecurity_test

import (
	"testing"

	"github.com/kubeward/kubeward/internal/check/checktest"
	"github.com/kubeward/kubeward/internal/checks/podsecurity"
)

func TestPrivilegeEscalation(t *testing.T) {
	checktest.Run(t, "testdata/privilege-escalation.yaml", podsecurity.PrivilegeEscalation)
}
