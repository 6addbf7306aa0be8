package cli

import (
	"context"
	"fmt"

	"github.com/spf13/pflag"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/policy"
)

// policyFlags add custom Rego policies to a run of the checks: scan,
// scan --cluster and admission serve share them.
type policyFlags struct {
	dirs []string
}

func (p *policyFlags) register(fs *pflag.FlagSet) {
	fs.StringArrayVar(&p.dirs, "policy", nil, "directory (or .rego file) of custom Rego policies to run beside the built-in checks (repeatable; docs/policies.md)")
}

// add compiles the policies once, at start-up, and returns the checks with
// one runner per policy package appended. A policy that does not compile
// is an error naming its file and line; the caller exits 2.
func (p *policyFlags) add(ctx context.Context, all []check.Runner) ([]check.Runner, error) {
	if len(p.dirs) == 0 {
		return all, nil
	}
	if ctx == nil {
		ctx = context.Background()
	}
	seen := map[string]string{}
	for _, r := range all {
		seen[r.Info().ID] = "built-in"
	}
	out := append([]check.Runner(nil), all...)
	for _, dir := range p.dirs {
		set, err := policy.Load(ctx, dir)
		if err != nil {
			return nil, err
		}
		for _, pol := range set.Policies {
			if where, dup := seen[pol.Meta.ID]; dup {
				return nil, fmt.Errorf("policy: %s: ID %s is already used by %s", pol.File, pol.Meta.ID, where)
			}
			seen[pol.Meta.ID] = pol.File
			out = append(out, pol.Runner())
		}
	}
	return out, nil
}
