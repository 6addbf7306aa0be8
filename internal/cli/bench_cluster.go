package cli

import (
	"context"
	"io"
	"time"

	"github.com/kubeward/kubeward/internal/bench"
	"github.com/kubeward/kubeward/internal/bench/clusterbench"
	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/cluster"
	"github.com/kubeward/kubeward/internal/report"
	"github.com/kubeward/kubeward/internal/version"
)

// runBenchCluster is kubeward bench --cluster: the benchmark through the
// API of the kubeconfig's cluster, one result set per node.
func runBenchCluster(f benchFlags, started time.Time, failOn check.Severity, failNever bool, stdout, stderr io.Writer) error {
	ctx := context.Background()
	client, err := cluster.Connect(f.conn)
	if err != nil {
		return &exitError{code: ExitUsage, err: err}
	}
	var b *bench.Benchmark
	var selection string
	if f.benchmark != "" {
		if b, err = bench.Load(f.benchmark); err != nil {
			return usageError("--benchmark: %v", err)
		}
		selection = "chosen with --benchmark"
	} else {
		v, err := client.ServerVersion(ctx)
		if err != nil {
			return &exitError{code: ExitUsage, err: err}
		}
		sel, err := bench.Select("", bench.MinorOf(v.GitVersion))
		if err != nil {
			return &exitError{code: ExitUsage, err: err}
		}
		if b, err = bench.Load(sel.Name); err != nil {
			return &exitError{code: ExitUsage, err: err}
		}
		selection = sel.Reason + " (version " + v.GitVersion + " from the API server)"
	}
	out, err := clusterbench.Run(ctx, client, b, bench.Options{Targets: f.targets, Checks: f.checks, Skip: f.skip})
	if err != nil {
		return &exitError{code: ExitUsage, err: err}
	}
	rep := report.New("bench", version.String(), started)
	bench.FillCluster(rep, bench.RunInfo{Benchmark: b, Selection: selection, Targets: out.Targets, Notes: out.Notes},
		client.Name, out.Nodes, out.Shared)
	return finishReport(rep, scanFlags{output: f.output, outputFile: f.outputFile, noColor: f.noColor}, failOn, failNever, stdout, stderr)
}
