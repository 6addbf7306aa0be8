package bench

import (
	"fmt"
	"path"
	"slices"
	"strings"
)

// Options narrow a run.
type Options struct {
	// Targets to run; empty runs the targets of the components found
	// (AutoTargets).
	Targets []string
	// Checks keeps only checks matching one of these patterns; Skip drops
	// those matching one. A pattern is a check ID ("1.2.1"), a glob
	// ("4.2.*") or a section ("1.2" for all of 1.2.x).
	Checks []string
	Skip   []string
}

// AutoTargets are the targets of what runs on the node, in the way
// kube-bench decides them: master and controlplane when a control-plane
// component runs, etcd when etcd runs, node when the kubelet runs, and
// policies always.
func AutoTargets(env *Environment) []string {
	has := func(names ...string) bool {
		for _, n := range names {
			if env.Components[n] != nil {
				return true
			}
		}
		return false
	}
	var out []string
	if has("kube-apiserver", "kube-controller-manager", "kube-scheduler") {
		out = append(out, "master")
	}
	if has("etcd") {
		out = append(out, "etcd")
	}
	if has("kube-apiserver", "kube-controller-manager", "kube-scheduler") {
		out = append(out, "controlplane")
	}
	if has("kubelet") {
		out = append(out, "node")
	}
	return append(out, "policies")
}

// Validate checks options against a benchmark: unknown targets and
// patterns that match no check are errors, so a typo does not pass as a
// clean run.
func (o Options) Validate(b *Benchmark) error {
	for _, t := range o.Targets {
		if !slices.Contains(Targets, t) {
			return fmt.Errorf("unknown target %q (want one of %s)", t, strings.Join(Targets, ", "))
		}
	}
	for _, list := range [][]string{o.Checks, o.Skip} {
		for _, p := range list {
			if _, err := path.Match(p, ""); err != nil {
				return fmt.Errorf("check pattern %q: %v", p, err)
			}
			found := false
			for _, c := range b.Checks() {
				if matchID(p, c.ID) {
					found = true
					break
				}
			}
			if !found {
				return fmt.Errorf("check pattern %q matches no check of %s", p, b.Name)
			}
		}
	}
	return nil
}

func matchID(pattern, id string) bool {
	if ok, _ := path.Match(pattern, id); ok {
		return true
	}
	return strings.HasPrefix(id, pattern+".")
}

func matchAny(patterns []string, id string) bool {
	for _, p := range patterns {
		if matchID(p, id) {
			return true
		}
	}
	return false
}

// Run evaluates the selected checks in benchmark order and returns the
// targets it ran.
func Run(b *Benchmark, env *Environment, opts Options) ([]Result, []string, error) {
	if err := opts.Validate(b); err != nil {
		return nil, nil, err
	}
	targets := opts.Targets
	if len(targets) == 0 {
		targets = AutoTargets(env)
	}
	var out []Result
	for _, s := range b.Sections {
		if !slices.Contains(targets, s.Target) {
			continue
		}
		for _, c := range s.Checks {
			if len(opts.Checks) > 0 && !matchAny(opts.Checks, c.ID) || matchAny(opts.Skip, c.ID) {
				continue
			}
			out = append(out, Evaluate(c, env))
		}
	}
	return out, targets, nil
}
