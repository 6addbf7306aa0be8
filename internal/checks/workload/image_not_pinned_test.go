package workload_test

import (
	"testing"

	"github.com/kubeward/kubeward/internal/check/checktest"
	"github.com/kubeward/kubeward/internal/checks/workload"
)

func TestImageNotPinned(t *testing.T) {
	checktest.Run(t, "testdata/image-not-pinned-by-digest.yaml", workload.ImageNotPinned)
}
