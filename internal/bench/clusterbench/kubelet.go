package clusterbench

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"

	"github.com/kubeward/kubeward/internal/bench"
	"github.com/kubeward/kubeward/internal/cluster"
)

// Kubelet is one node's kubelet as seen through the API: its live
// configuration, or why it could not be read.
type Kubelet struct {
	Node      string
	Component *bench.Component // nil when Err is set
	Err       string           // the API server's answer when the proxy failed
}

// Kubelets lists the nodes and reads each kubelet's configz through the
// API server's node proxy (GET nodes/proxy), a few at a time, in node
// name order.
func Kubelets(ctx context.Context, c *cluster.Client) ([]Kubelet, error) {
	nodes, denied, err := c.List(ctx, "", "Node")
	if err != nil {
		return nil, err
	}
	if len(denied) > 0 {
		return nil, fmt.Errorf("list nodes: %s", denied[0].Reason)
	}
	rc, err := restClient(c.Config)
	if err != nil {
		return nil, err
	}
	out := make([]Kubelet, len(nodes))
	sem := make(chan struct{}, 4)
	var wg sync.WaitGroup
	for i, n := range nodes {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			out[i] = readKubelet(ctx, rc, n.Name)
		})
	}
	wg.Wait()
	return out, ctx.Err()
}

func restClient(cfg *rest.Config) (rest.Interface, error) {
	cs, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		return nil, fmt.Errorf("cluster client: %w", err)
	}
	return cs.CoreV1().RESTClient(), nil
}

func readKubelet(ctx context.Context, rc rest.Interface, name string) Kubelet {
	body, err := rc.Get().AbsPath(bench.ConfigzPath(name)).DoRaw(ctx)
	if err != nil {
		return Kubelet{Node: name, Err: proxyError(body, err)}
	}
	comp, err := bench.KubeletFromConfigz(name, body)
	if err != nil {
		return Kubelet{Node: name, Err: err.Error()}
	}
	return Kubelet{Node: name, Component: comp}
}

// proxyError keeps the API server's own words: a refused proxy answers
// with a Status whose message says why (no address, address not allowed,
// the kubelet refused the connection); a kubelet that answered with an
// error has its body passed through.
func proxyError(body []byte, err error) string {
	var st metav1.Status
	if json.Unmarshal(body, &st) == nil && st.Kind == "Status" && st.Message != "" {
		return "GET nodes/proxy/configz: " + st.Message
	}
	msg := err.Error()
	if b := strings.TrimSpace(string(body)); b != "" && len(b) < 300 && !strings.Contains(msg, b) {
		msg += ": " + b
	}
	return "GET nodes/proxy/configz: " + msg
}
