package clusterbench

import (
	"context"
	"slices"

	"github.com/kubeward/kubeward/internal/bench"
	"github.com/kubeward/kubeward/internal/cluster"
)

// Mode names this way of running in messages.
const Mode = "bench --cluster"

// DefaultTargets are what a cluster run evaluates without --targets.
var DefaultTargets = []string{"node", "policies"}

// Outcome is a run over a cluster: one result set per node, and the
// results about the cluster as a whole.
type Outcome struct {
	Targets []string
	Nodes   []bench.NodeResults
	Shared  []bench.Result
	Notes   []string
}

// Run evaluates b over the cluster: the node target per node from each
// kubelet's configz (file checks and other components not evaluated, as
// they need the node), and the policies target through the API. The
// master, etcd and controlplane targets need the control plane's
// processes; through the API they are not evaluated.
func Run(ctx context.Context, c *cluster.Client, b *bench.Benchmark, opts bench.Options) (*Outcome, error) {
	if err := opts.Validate(b); err != nil {
		return nil, err
	}
	out := &Outcome{Targets: opts.Targets}
	if len(out.Targets) == 0 {
		out.Targets = DefaultTargets
	}
	only := func(target string) bench.Options {
		return bench.Options{Targets: []string{target}, Checks: opts.Checks, Skip: opts.Skip}
	}
	remote := &bench.Environment{Components: map[string]*bench.Component{}, Remote: Mode}
	for _, t := range out.Targets {
		switch t {
		case "node":
			if err := runNodes(ctx, c, b, only(t), out); err != nil {
				return nil, err
			}
		case "policies":
			pol, err := NewPolicies(ctx, c, b)
			if err != nil {
				return nil, err
			}
			rs, _, err := bench.Run(b, &bench.Environment{API: pol, Remote: Mode}, only(t))
			if err != nil {
				return nil, err
			}
			out.Shared = append(out.Shared, rs...)
		default:
			rs, _, err := bench.Run(b, remote, only(t))
			if err != nil {
				return nil, err
			}
			out.Shared = append(out.Shared, rs...)
		}
	}
	return out, nil
}

// runNodes evaluates the node target once per node.
func runNodes(ctx context.Context, c *cluster.Client, b *bench.Benchmark, opts bench.Options, out *Outcome) error {
	kubelets, err := Kubelets(ctx, c)
	if err != nil {
		if ctx.Err() != nil {
			return err
		}
		// Without the node list nothing per node can be said: every node
		// check is reported once, not evaluated, with the reason.
		rs, _, rerr := bench.Run(b, &bench.Environment{Remote: Mode}, opts)
		if rerr != nil {
			return rerr
		}
		for i := range rs {
			rs[i].Status, rs[i].Reason, rs[i].Evidence = bench.NotEvaluated, err.Error(), nil
		}
		out.Shared = append(out.Shared, rs...)
		return nil
	}
	if len(kubelets) == 0 {
		out.Notes = append(out.Notes, "the cluster has no Node objects, so no kubelet was evaluated")
	}
	for _, k := range kubelets {
		env := &bench.Environment{Node: k.Node, Components: map[string]*bench.Component{}, Remote: Mode}
		if k.Component != nil {
			env.Components["kubelet"] = k.Component
		}
		rs, _, err := bench.Run(b, env, opts)
		if err != nil {
			return err
		}
		if k.Err != "" {
			for i, r := range rs {
				if r.Check.Component == "kubelet" && slices.Contains([]bench.Kind{bench.KindFlag, bench.KindConfig}, r.Check.Kind) {
					rs[i].Reason = "kubelet configuration not read through the API: " + k.Err
				}
			}
		}
		out.Nodes = append(out.Nodes, bench.NodeResults{Node: k.Node, Results: rs})
	}
	return nil
}
