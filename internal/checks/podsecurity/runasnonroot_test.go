package podsecurity_test

import (
	"testing"

	"github.com/kubeward/kubeward/internal/check/checktest"
	"github.com/kubeward/kubeward/internal/checks/podsecurity"
)

func TestRunAsNonRoot(t *testing.T) {
	checktest.Run(t, "testdata/run-as-non-root.yaml", podsecurity.RunAsNonRoot)
}
