package podsecurity_test

import (
	"testing"

	"github.com/kubeward/kubeward/internal/check/checktest"
	"github.com/kubeward/kubeward/internal/checks/podsecurity"
)

func TestProcMount(t *testing.T) { checktest.Run(t, "testdata/proc-mount.yaml", podsecurity.ProcMount) }
func TestProcMountRestricted(t *testing.T) {
	checktest.Run(t, "testdata/proc-mount-restricted.yaml", podsecurity.ProcMountRestricted)
}
