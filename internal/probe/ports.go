package probe

import (
	"fmt"
	"strconv"
	"strings"
)

// DefaultPorts are the Kubernetes ports discovery tries on every host.
var DefaultPorts = []int{
	443, 2379, 2380, 6443, 8001, 8080, 8443,
	10249, // kube-proxy metrics
	10250, // kubelet
	10255, // kubelet read-only
	10256, // kube-proxy health
	10257, // kube-controller-manager
	10259, // kube-scheduler
}

// NodePortRange is the default Service NodePort range, probed only with
// --node-ports.
const NodePortFirst, NodePortLast = 30000, 32767

// ParsePorts reads a port list such as "6443,10250,30000-30010".
func ParsePorts(s string) ([]int, error) {
	var out []int
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		lo, hi, isRange := strings.Cut(part, "-")
		a, err := strconv.Atoi(lo)
		b := a
		if isRange && err == nil {
			b, err = strconv.Atoi(hi)
		}
		if err != nil || a < 1 || b > 65535 || a > b {
			return nil, fmt.Errorf("port %q is not a port or range from 1 to 65535", part)
		}
		for p := a; p <= b; p++ {
			out = append(out, p)
		}
	}
	return out, nil
}
