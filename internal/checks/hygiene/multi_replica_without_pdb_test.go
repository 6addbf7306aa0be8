package hygiene_test

import (
	"testing"

	"github.com/kubeward/kubeward/internal/check/checktest"
	"github.com/kubeward/kubeward/internal/checks/hygiene"
)

func TestMultiReplicaWithoutPDB(t *testing.T) {
	checktest.Run(t, "testdata/multi_replica_without_pdb.yaml", hygiene.MultiReplicaWithoutPDB)
}
