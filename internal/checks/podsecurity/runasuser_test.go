package podsecurity_test

import (
	"testing"

	"github.com/kubeward/kubeward/internal/check/checktest"
	"github.com/kubeward/kubeward/internal/checks/podsecurity"
)

func TestRunAsNonRootUser(t *testing.T) {
	checktest.Run(t, "testdata/run-as-non-root-user.yaml", podsecurity.RunAsNonRootUser)
}
