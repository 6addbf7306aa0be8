package workload_test

import (
	"testing"

	"github.com/kubeward/kubeward/internal/check/checktest"
	"github.com/kubeward/kubeward/internal/checks/workload"
)

func TestLatestImageTag(t *testing.T) {
	checktest.Run(t, "testdata/latest-image-tag.yaml", workload.LatestImageTag)
}
