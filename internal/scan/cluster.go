package scan

import (
	"context"
	"fmt"

	"github.com/kubeward/kubeward/internal/cluster"
	"github.com/kubeward/kubeward/internal/kube"
)

// ClusterStream streams a live cluster's objects: the kinds wants accepts
// (the engine's Wants), across all namespaces or in ns. A resource the
// credentials may not list becomes a Gap with the API server's reason.
func ClusterStream(c *cluster.Client, ns string, wants func(apiVersion, kind string) bool) Stream {
	return func(ctx context.Context, emit func(*kube.Object)) ([]Gap, error) {
		resources, err := c.Resources(ctx, wants)
		if err != nil {
			return nil, err
		}
		denied, err := c.Stream(ctx, resources, ns, emit)
		if err != nil {
			return nil, err
		}
		gaps := make([]Gap, 0, len(denied))
		for _, d := range denied {
			what, in := d.Resource.String(), ""
			if d.Resource.Namespaced && d.Namespace != "" {
				what, in = fmt.Sprintf("%s in namespace %q", what, d.Namespace), d.Namespace
			}
			gaps = append(gaps, Gap{
				Object: kube.Ref{APIVersion: d.Resource.APIVersion(), Kind: d.Resource.Kind,
					Namespace: in, Name: "*", Cluster: c.Name},
				Location: kube.Location{Object: d.Resource.Path(in)},
				Reason:   d.Reason,
				What:     what,
			})
		}
		return gaps, nil
	}
}
