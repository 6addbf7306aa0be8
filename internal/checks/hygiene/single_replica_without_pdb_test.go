package hygiene_test

import (
	"testing"

	"github.com/kubeward/kubeward/internal/check/checktest"
	"github.com/kubeward/kubeward/internal/checks/hygiene"
)

func TestSingleReplicaWithoutPDB(t *testing.T) {
	checktest.Run(t, "testdata/single_replica_without_pdb.yaml", hygiene.SingleReplicaWithoutPDB)
}
