package cluster

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sync"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/version"

	"github.com/kubeward/kubeward/internal/kube"
)

// ServerVersion is the API server's version as /version reports it
// (GitVersion "v1.37.2"), for matching known vulnerabilities.
func (c *Client) ServerVersion(ctx context.Context) (*version.Info, error) {
	body, err := c.disc.RESTClient().Get().AbsPath("/version").DoRaw(ctx)
	if err != nil {
		return nil, fmt.Errorf("read the server version of %s: %w", c.Config.Host, err)
	}
	var v version.Info
	if err := json.Unmarshal(body, &v); err != nil {
		return nil, fmt.Errorf("decode the server version: %w", err)
	}
	return &v, nil
}

// NodeVersion is the kubelet version one Node reports in its status.
type NodeVersion struct {
	Node           string
	KubeletVersion string // "v1.37.2"
}

// KubeletVersions reads every Node's kubelet version from its status,
// sorted by node name. A cluster without nodes yields none; a caller who
// may not list nodes gets an error with the server's reason.
func (c *Client) KubeletVersions(ctx context.Context) ([]NodeVersion, error) {
	nodes := Resource{Version: "v1", Kind: "Node", Name: "nodes"}
	var (
		mu        sync.Mutex
		out       []NodeVersion
		decodeErr error
	)
	denied, err := c.Stream(ctx, []Resource{nodes}, "", func(o *kube.Object) {
		n, err := kube.Decode[corev1.Node](o)
		mu.Lock()
		defer mu.Unlock()
		if err != nil {
			decodeErr = fmt.Errorf("node %s: %w", o.Name, err)
			return
		}
		out = append(out, NodeVersion{Node: o.Name, KubeletVersion: n.Status.NodeInfo.KubeletVersion})
	})
	switch {
	case err != nil:
		return nil, err
	case len(denied) > 0:
		return nil, fmt.Errorf("list nodes: %s", denied[0].Reason)
	case decodeErr != nil:
		return nil, decodeErr
	}
	slices.SortFunc(out, func(a, b NodeVersion) int { return cmp.Compare(a.Node, b.Node) })
	return out, nil
}
