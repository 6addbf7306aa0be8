package cli

import (
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/kubeward/kubeward/internal/bench"
	"github.com/kubeward/kubeward/internal/cluster"
	"github.com/kubeward/kubeward/internal/node"
	"github.com/kubeward/kubeward/internal/report"
	"github.com/kubeward/kubeward/internal/version"
)

// benchFlags are the options of `kubeward bench`.
type benchFlags struct {
	root       string
	targets    []string
	checks     []string
	skip       []string
	benchmark  string
	nodeName   string
	output     string
	outputFile string
	failOn     string
	noColor    bool
	cluster    bool
	conn       cluster.Options
}

func (f *benchFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&f.root, "root", "/", "directory holding the node's root file system, e.g. /host in a DaemonSet")
	fs.StringSliceVar(&f.targets, "targets", nil, "targets to run: "+strings.Join(bench.Targets, ", ")+" (default: those of the components found)")
	fs.StringSliceVar(&f.checks, "check", nil, "run only these checks: IDs, globs or sections, e.g. 1.2.1,4.2.*,4.1")
	fs.StringSliceVar(&f.skip, "skip", nil, "skip these checks (same patterns as --check)")
	fs.StringVar(&f.benchmark, "benchmark", "", "benchmark to run: "+strings.Join(bench.Names(), ", ")+" (default: chosen from the distribution and Kubernetes version found)")
	fs.StringVar(&f.nodeName, "node-name", os.Getenv("NODE_NAME"), "node name in the report (default: $NODE_NAME, else the node's host name)")
	fs.StringVarP(&f.output, "output", "o", "table", "output format: "+strings.Join(report.Formats(), ", "))
	fs.StringVar(&f.outputFile, "output-file", "", "write the report to this file instead of stdout")
	fs.StringVar(&f.failOn, "fail-on", "high", "exit 1 when a failed check is at or above this severity (critical, high, medium, low, info, none)")
	fs.BoolVar(&f.noColor, "no-color", false, "never color the table output")
	fs.BoolVar(&f.cluster, "cluster", false, "evaluate the cluster of the kubeconfig through its API instead of this node: every kubelet's configz and the policies (needs get on nodes and nodes/proxy)")
	f.conn.Flags(fs)
}

func newBench(stdout, stderr io.Writer) *cobra.Command {
	var f benchFlags
	cmd := &cobra.Command{
		Use:   "bench",
		Short: "Run the CIS Kubernetes Benchmark on this node",
		Long: `Bench runs the CIS Kubernetes Benchmark's node checks natively: it reads the
running components' command lines, environment and config files from /proc
and the node's files, and evaluates each check on the value the component
actually uses (flag, then config file, then built-in default). Every result
is PASS, FAIL, WARN (manual, or not labelled Automated by CIS) or
NOT-EVALUATED with the reason, and carries its evidence.

In a pod, mount the host read-only at /host, set hostPID and run
kubeward bench --root /host (see deploy/bench and docs/bench.md).

With --cluster it reads no node: each kubelet's live configuration comes
from /api/v1/nodes/NAME/proxy/configz and the policy checks (section 5)
from the cluster's objects; file and process checks are NOT-EVALUATED.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runBench(f, stdout, stderr)
		},
	}
	f.register(cmd.Flags())
	return cmd
}

func runBench(f benchFlags, stdout, stderr io.Writer) error {
	started := time.Now()
	failOn, failNever, err := parseFailOn(f.failOn)
	if err != nil {
		return usageError("--fail-on: %v", err)
	}
	if !contains(report.Formats(), f.output) {
		return usageError("--output: unknown format %q (want one of %s)", f.output, strings.Join(report.Formats(), ", "))
	}
	if f.cluster {
		return runBenchCluster(f, started, failOn, failNever, stdout, stderr)
	}
	if st, err := os.Stat(f.root); err != nil || !st.IsDir() {
		return usageError("--root: %s is not a directory", f.root)
	}
	snap := node.New(os.DirFS(f.root), f.root)

	var b *bench.Benchmark
	var selection string
	if f.benchmark != "" {
		if b, err = bench.Load(f.benchmark); err != nil {
			return usageError("--benchmark: %v", err)
		}
		selection = "chosen with --benchmark"
	} else {
		det := bench.Detect(snap)
		sel, err := bench.Select(det.Distribution, bench.MinorOf(det.Version))
		if err != nil {
			return &exitError{code: ExitUsage, err: err}
		}
		if b, err = bench.Load(sel.Name); err != nil {
			return &exitError{code: ExitUsage, err: err}
		}
		selection = sel.Reason
		if det.Source != "" {
			selection += " (version " + det.Version + " from " + det.Source + ")"
		}
	}
	env := bench.Discover(b, snap)
	if f.nodeName != "" {
		env.Node = f.nodeName
	}
	results, targets, err := bench.Run(b, env, bench.Options{Targets: f.targets, Checks: f.checks, Skip: f.skip})
	if err != nil {
		return usageError("%v", err)
	}
	slog.Debug("benchmark evaluated", "benchmark", b.Name, "results", len(results), "elapsed", time.Since(started))

	rep := report.New("bench", version.String(), started)
	bench.Fill(rep, bench.RunInfo{Benchmark: b, Selection: selection, Node: env.Node, Targets: targets, Notes: env.Notes}, results)
	return finishReport(rep, scanFlags{output: f.output, outputFile: f.outputFile, noColor: f.noColor}, failOn, failNever, stdout, stderr)
}
