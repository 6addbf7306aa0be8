package cli

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"k8s.io/apimachinery/pkg/api/resource"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/checks"
	"github.com/kubeward/kubeward/internal/compliance"
	"github.com/kubeward/kubeward/internal/config"
	"github.com/kubeward/kubeward/internal/exception"
	"github.com/kubeward/kubeward/internal/policy"
	"github.com/kubeward/kubeward/internal/report"
	"github.com/kubeward/kubeward/internal/scan"
	"github.com/kubeward/kubeward/internal/source"
	"github.com/kubeward/kubeward/internal/version"
)

// scanFlags are the options of `kubeward scan`.
type scanFlags struct {
	output           string
	outputFile       string
	failOn           string
	severity         string
	configFile       string
	strictExceptions bool
	maxDocSize       string
	workers          int
	noColor          bool
	k8sVersion       string
	frameworks       []string
	helm             source.HelmOptions
	// namespace is -n/--namespace: the namespace Helm charts are rendered
	// for when scanning files, the namespace scanned with --cluster.
	namespace string
	cluster   clusterFlags
	vuln      vulnFlags
	policy    policyFlags
}

func (f *scanFlags) register(fs *pflag.FlagSet) {
	fs.StringVarP(&f.output, "output", "o", "table", "output format: "+strings.Join(report.Formats(), ", "))
	fs.StringVar(&f.outputFile, "output-file", "", "write the report to this file instead of stdout")
	fs.StringVar(&f.failOn, "fail-on", "high", "exit 1 when a finding is at or above this severity (critical, high, medium, low, info, none)")
	fs.StringVar(&f.severity, "severity", "info", "show only findings at or above this severity")
	fs.StringVar(&f.configFile, "config", "", "config file (default: "+config.DefaultFile+" in the working directory, if present)")
	fs.BoolVar(&f.strictExceptions, "strict-exceptions", false, "honour exceptions from the config file only, not from "+exception.IgnoreAnnotation+" annotations")
	fs.StringVar(&f.maxDocSize, "max-document-size", "16Mi", "largest YAML document read; larger ones are reported as errors")
	fs.IntVar(&f.workers, "workers", 0, "parallel workers (default: number of CPUs)")
	fs.BoolVar(&f.noColor, "no-color", false, "never color the table output")
	fs.StringVar(&f.k8sVersion, "k8s-version", "", "Kubernetes version the manifests target, e.g. 1.32 (default: the newest kubeward knows); its known CVEs and support state are reported too (1.29.3 judges that patch release)")
	fs.StringSliceVar(&f.frameworks, "framework", nil, "add a compliance view: "+strings.Join(compliance.Frameworks, ", ")+" (repeatable or comma-separated)")
	fs.StringArrayVarP(&f.helm.ValuesFiles, "values", "f", nil, "Helm values file (repeatable)")
	fs.StringArrayVar(&f.helm.Set, "set", nil, "Helm value override key=value (repeatable)")
	fs.StringVarP(&f.namespace, "namespace", "n", "", "with --cluster: the namespace to scan (default: all namespaces); otherwise the namespace Helm charts are rendered for (default \"default\")")
	fs.StringVar(&f.helm.ReleaseName, "release-name", "release", "release name Helm charts are rendered with")
	f.cluster.register(fs)
	f.vuln.register(fs)
	f.policy.register(fs)
}

func newScan(stdin io.Reader, stdout, stderr io.Writer) *cobra.Command {
	var f scanFlags
	cmd := &cobra.Command{
		Use:   "scan PATH... | - | --cluster",
		Short: "Scan manifests, Helm charts and kustomizations for security problems",
		Long: `Scan reads YAML and JSON manifests (files, directories walked recursively,
or - for stdin), renders Helm charts (directories with Chart.yaml) and builds
kustomizations (directories with kustomization.yaml), runs every check on
every object and writes one report.

With --cluster it scans the live cluster of the kubeconfig instead
(docs/cluster.md): every kind the checks look at, in all namespaces or in
the one -n names. Exit codes: 0 nothing at or above --fail-on; 1 findings
at or above --fail-on, or with --fail-on-incomplete a kind that could not
be listed; 2 bad usage, unreadable input, or a cluster that cannot be
reached.`,
		Args: func(cmd *cobra.Command, args []string) error {
			if f.cluster.enabled {
				return cobra.NoArgs(cmd, args)
			}
			return cobra.MinimumNArgs(1)(cmd, args)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return runScan(cmd.Context(), f, args, stdin, stdout, stderr)
		},
	}
	f.register(cmd.Flags())
	return cmd
}

func runScan(ctx context.Context, f scanFlags, paths []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if ctx == nil {
		ctx = context.Background()
	}
	started := time.Now()
	failOn, failNever, err := parseFailOn(f.failOn)
	if err != nil {
		return usageError("--fail-on: %v", err)
	}
	minSev, err := check.ParseSeverity(f.severity)
	if err != nil {
		return usageError("--severity: %v", err)
	}
	maxDoc, err := resource.ParseQuantity(f.maxDocSize)
	if err != nil || maxDoc.Value() <= 0 {
		return usageError("--max-document-size: %q is not a size like 16Mi or 1000000", f.maxDocSize)
	}
	if !contains(report.Formats(), f.output) {
		return usageError("--output: unknown format %q (want one of %s)", f.output, strings.Join(report.Formats(), ", "))
	}
	if f.k8sVersion != "" && !k8sVersionPattern.MatchString(f.k8sVersion) {
		return usageError("--k8s-version: %q is not a version like 1.32", f.k8sVersion)
	}
	frameworks, err := compliance.ParseFrameworks(f.frameworks)
	if err != nil {
		return usageError("--framework: %v", err)
	}
	all, err := f.policy.add(ctx, checks.All())
	if err != nil {
		return &exitError{code: ExitUsage, err: err}
	}
	cfg, err := loadConfig(f.configFile, all)
	if err != nil {
		return &exitError{code: ExitUsage, err: err}
	}
	excs := exception.New(cfg.Exceptions, f.strictExceptions, started)
	for _, e := range excs.Expired() {
		slog.Warn("exception expired and no longer applies", "file", e.File, "line", e.Line, "expires", e.Expires.Format(time.DateOnly), "reason", e.Reason)
	}
	opts := engineOptions(cfg)
	opts.Settings.KubernetesVersion = strings.TrimPrefix(f.k8sVersion, "v")
	sc := scan.Config{
		Paths:      paths,
		Source:     source.Options{MaxDocumentSize: int(maxDoc.Value()), Helm: f.helm, Stdin: stdin},
		Exceptions: excs,
		Workers:    f.workers,
	}
	sc.Source.Helm.Namespace = cmp.Or(f.namespace, "default")
	mode := "scan"
	var res *scan.Result
	if f.cluster.enabled {
		mode = "cluster"
		if res, err = scanCluster(ctx, f, &sc, all, opts); err != nil {
			return &exitError{code: ExitUsage, err: err}
		}
	} else {
		sc.Engine = check.NewEngine(all, opts)
		res = scan.Run(ctx, sc)
	}
	engine := sc.Engine
	slog.Debug("scanned", "objects", res.Objects, "findings", len(res.Findings), "elapsed", time.Since(started))

	rep := report.New(mode, version.String(), started)
	rep.Summary.Objects = res.Objects
	rep.Findings, rep.Suppressed, rep.Errors = res.Findings, res.Suppressed, res.Errors
	for _, r := range engine.Runners() {
		rep.Rules = append(rep.Rules, r.Info())
	}
	rep.Rules = append(rep.Rules, &exception.MissingReason)
	// The score and the compliance view measure the whole scan, before
	// --severity hides anything.
	rep.Summary.Score = report.Score(res.Coverage, res.Findings)
	if rep.Compliance, err = complianceViews(frameworks, all, engine, res); err != nil {
		return &exitError{code: ExitUsage, err: err}
	}
	vfs, vrules, err := versionFindings(ctx, f, started, cfg)
	if err != nil {
		return err
	}
	rep.Findings, rep.Rules = append(rep.Findings, vfs...), append(rep.Rules, vrules...)
	cfs, crules, err := controlPlaneFindings(ctx, f)
	if err != nil {
		return err
	}
	rep.Findings, rep.Rules = append(rep.Findings, cfs...), append(rep.Rules, crules...)
	failing := !failNever && rep.Failing(failOn)
	rep.DropBelow(minSev)
	rep.Finish()
	slog.Debug("report built", "elapsed", time.Since(started))

	if err := writeReport(rep, f, stdout, stderr); err != nil {
		return &exitError{code: ExitUsage, err: err}
	}
	slog.Debug("report written", "format", f.output, "elapsed", time.Since(started))
	switch {
	case len(rep.Errors) > 0:
		return &exitError{code: ExitUsage}
	case failing:
		return &exitError{code: ExitFindings}
	case f.cluster.failOnIncomplete && len(res.Gaps) > 0:
		return &exitError{code: ExitFindings, err: fmt.Errorf("--fail-on-incomplete: %d %s could not be listed, so the checks on them were not evaluated", len(res.Gaps), plural(len(res.Gaps), "kind"))}
	}
	return nil
}

// finishReport finishes and writes a report, and returns the exit error its
// findings call for under --fail-on (never: --fail-on none).
func finishReport(rep *report.Report, f scanFlags, failOn check.Severity, never bool, stdout, stderr io.Writer) error {
	failing := !never && rep.Failing(failOn)
	rep.Finish()
	if err := writeReport(rep, f, stdout, stderr); err != nil {
		return &exitError{code: ExitUsage, err: err}
	}
	if failing {
		return &exitError{code: ExitFindings}
	}
	return nil
}

func writeReport(rep *report.Report, f scanFlags, stdout, stderr io.Writer) error {
	writeHeapProfile(stderr)
	out := stdout
	if f.outputFile != "" {
		file, err := os.Create(f.outputFile)
		if err != nil {
			return fmt.Errorf("--output-file: %w", err)
		}
		defer file.Close()
		out = file
	}
	opts := report.WriteOptions{Color: !f.noColor && f.outputFile == "" && isTerminal(stdout) && os.Getenv("NO_COLOR") == ""}
	if err := report.Write(out, f.output, rep, opts); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	// Input errors go to stderr in every format: stdout holds only the report.
	for _, e := range rep.Errors {
		fmt.Fprintf(stderr, "error: %s\n", e)
	}
	if f.outputFile != "" {
		if c, ok := out.(io.Closer); ok {
			return c.Close()
		}
	}
	return nil
}

func loadConfig(path string, all []check.Runner) (*config.Config, error) {
	known := map[string]bool{exception.MissingReason.ID: true}
	for _, r := range all {
		known[r.Info().ID] = true
	}
	addVersionCheckIDs(known)
	addAuditDetectorIDs(known) // one .kubeward.yaml tunes scans and audit runs
	explicit := path != ""
	if !explicit {
		path = config.DefaultFile
	}
	// A policy's rule IDs are known only once it runs: its prefix vouches for them.
	return config.Load(path, explicit, func(id string) bool { return known[id] || strings.HasPrefix(id, policy.IDPrefix) })
}

func engineOptions(cfg *config.Config) check.Options {
	opts := check.Options{Disabled: map[string]bool{}, Severities: cfg.Checks.Severity,
		Settings: check.Settings{AllowedRegistries: cfg.Images.AllowedRegistries}}
	for _, id := range cfg.Checks.Disable {
		opts.Disabled[id] = true
	}
	return opts
}

var k8sVersionPattern = regexp.MustCompile(`^v?1\.[0-9]+(\.[0-9]+([-+][0-9A-Za-z.+_-]+)?)?$`)

func parseFailOn(s string) (check.Severity, bool, error) {
	if s == "none" || s == "never" {
		return 0, true, nil
	}
	sev, err := check.ParseSeverity(s)
	return sev, false, err
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
