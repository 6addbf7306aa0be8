package podsecurity_test

import (
	"testing"

	"github.com/kubeward/kubeward/internal/check/checktest"
	"github.com/kubeward/kubeward/internal/checks/podsecurity"
)

func TestVolumeTypes(t *testing.T) {
	checktest.Run(t, "testdata/volume-types.yaml", podsecurity.VolumeTypes)
}
