package probe

import "slices"

// Kind is what answers on an endpoint.
type Kind string

// Service kinds, as reports and kind:// targets name them.
const (
	KindAPIServer         Kind = "apiserver"
	KindKubectlProxy      Kind = "kubectl-proxy"
	KindKubelet           Kind = "kubelet"
	KindKubeletReadOnly   Kind = "kubelet-readonly"
	KindEtcd              Kind = "etcd"
	KindEtcdPeer          Kind = "etcd-peer"
	KindControllerManager Kind = "controller-manager"
	KindScheduler         Kind = "scheduler"
	KindKubeProxy         Kind = "kube-proxy"
	KindMetrics           Kind = "metrics"
	KindDashboard         Kind = "dashboard"
	KindUnknown           Kind = "unknown"
)

var allKinds = []Kind{
	KindAPIServer, KindKubectlProxy, KindKubelet, KindKubeletReadOnly, KindEtcd, KindEtcdPeer,
	KindControllerManager, KindScheduler, KindKubeProxy, KindMetrics, KindDashboard,
}

func knownKind(s string) bool { return slices.Contains(allKinds, Kind(s)) }

func kindNames() []string {
	out := make([]string, len(allKinds))
	for i, k := range allKinds {
		out[i] = string(k)
	}
	return out
}

// portHint is what usually listens on a well-known port; identification
// uses it only where the answers themselves do not tell.
var portHint = map[int]Kind{
	2379: KindEtcd, 2380: KindEtcdPeer, 8001: KindKubectlProxy,
	10249: KindKubeProxy, 10250: KindKubelet, 10255: KindKubeletReadOnly, 10256: KindKubeProxy,
	10257: KindControllerManager, 10259: KindScheduler,
}
