package probe

import (
	"context"
	"fmt"
	"strings"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
)

// NodeTargets reads the nodes' addresses from the API: each InternalIP
// and ExternalIP as a host for the port list, plus the kubelet port the
// node reports when it is not the usual 10250. A node with neither
// address is returned as an Unprobed target, so that the run reports it
// instead of leaving it out silently.
func NodeTargets(ctx context.Context, cfg *rest.Config) ([]Target, error) {
	cs, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		return nil, fmt.Errorf("node client: %w", err)
	}
	nodes, err := cs.CoreV1().Nodes().List(ctx, metav1.ListOptions{})
	if err != nil {
		return nil, fmt.Errorf("list nodes: %w", err)
	}
	var out []Target
	for _, n := range nodes.Items {
		port := int(n.Status.DaemonEndpoints.KubeletEndpoint.Port)
		var found bool
		var others []string
		for _, a := range n.Status.Addresses {
			if (a.Type != corev1.NodeInternalIP && a.Type != corev1.NodeExternalIP) || a.Address == "" {
				others = append(others, string(a.Type)+"="+a.Address)
				continue
			}
			found = true
			out = append(out, Target{Host: a.Address, Node: n.Name})
			if port != 0 && port != 10250 {
				out = append(out, Target{Host: a.Address, Port: port, Node: n.Name})
			}
		}
		if !found {
			reported := "none"
			if len(others) > 0 {
				reported = strings.Join(others, ", ")
			}
			out = append(out, Target{Node: n.Name, Unprobed: "status.addresses has no InternalIP or ExternalIP (reported: " + reported + ")"})
		}
	}
	return out, nil
}
