package podsecurity_test

import (
	"testing"

	"github.com/kubeward/kubeward/internal/check/checktest"
	"github.com/kubeward/kubeward/internal/checks/podsecurity"
)

func TestSeccompBaseline(t *testing.T) {
	checktest.Run(t, "testdata/seccomp-baseline.yaml", podsecurity.SeccompBaseline)
}
