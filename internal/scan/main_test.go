package scan_test

import (
	"testing"

	"github.com/kubeward/kubeward/internal/testcluster"
)

// The cluster tests and BenchmarkClusterScan use a real kube-apiserver.
func TestMain(m *testing.M) { testcluster.Main(m) }
