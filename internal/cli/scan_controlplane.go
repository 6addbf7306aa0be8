package cli

import (
	"context"

	"github.com/kubeward/kubeward/internal/bench"
	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/cluster"
	"github.com/kubeward/kubeward/internal/controlplane"
)

// controlPlaneFindings evaluates, in scan --cluster, the flags of a
// control plane that runs as static pods (its kube-system mirror pods)
// with the CIS benchmark's rules; a control plane not visible that way is
// reported not evaluated (docs/cluster.md#control-plane-flags). A scan
// of one namespace other than kube-system does not look.
func controlPlaneFindings(ctx context.Context, f scanFlags) ([]check.Finding, []*check.Meta, error) {
	// The mirror pods live in kube-system: a scan of another namespace
	// leaves the control plane out of scope.
	if !f.cluster.enabled || f.namespace != "" && f.namespace != controlplane.Namespace {
		return nil, nil, nil
	}
	client, err := cluster.Connect(f.cluster.conn)
	if err != nil {
		return nil, nil, err
	}
	sel, err := bench.Select("", "") // the newest shipped CIS benchmark
	if err != nil {
		return nil, nil, err
	}
	b, err := bench.Load(sel.Name)
	if err != nil {
		return nil, nil, err
	}
	res, err := controlplane.Scan(ctx, client, b)
	if err != nil {
		return nil, nil, &exitError{code: ExitUsage, err: err}
	}
	return res.Findings, res.Rules, nil
}
