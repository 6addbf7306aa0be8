package rbac_test

import (
	"testing"

	"github.com/kubeward/kubeward/internal/check/checktest"
	"github.com/kubeward/kubeward/internal/checks/rbac"
)

func TestPersistentVolumeCreate(t *testing.T) {
	checktest.Run(t, "testdata/pvcreate.yaml", rbac.PersistentVolumeCreate)
}
