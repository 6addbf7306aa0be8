package workload_test

import (
	"testing"

	"github.com/kubeward/kubeward/internal/check/checktest"
	"github.com/kubeward/kubeward/internal/checks/workload"
)

func TestWritableRootFilesystem(t *testing.T) {
	checktest.Run(t, "testdata/writable-root-filesystem.yaml", workload.WritableRootFilesystem)
}
