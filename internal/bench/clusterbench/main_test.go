package clusterbench_test

import (
	"testing"

	"github.com/kubeward/kubeward/internal/testcluster"
)

func TestMain(m *testing.M) { testcluster.Main(m) }
