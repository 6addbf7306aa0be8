package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"k8s.io/apimachinery/pkg/api/resource"

	"github.com/kubeward/kubeward/internal/audit"
	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/checks"
	"github.com/kubeward/kubeward/internal/config"
	"github.com/kubeward/kubeward/internal/report"
	"github.com/kubeward/kubeward/internal/version"
)

// auditFlags are the options of `kubeward audit`.
type auditFlags struct {
	output       string
	outputFile   string
	failOn       string
	severity     string
	configFile   string
	since, until string
	follow       bool
	maxLine      string
	noColor      bool
}

func (f *auditFlags) register(fs *pflag.FlagSet) {
	fs.StringVarP(&f.output, "output", "o", "table", "output format: "+strings.Join(report.Formats(), ", ")+" (with --follow: one JSON finding per line)")
	fs.StringVar(&f.outputFile, "output-file", "", "write the report (with --follow: the findings) to this file instead of stdout")
	fs.StringVar(&f.failOn, "fail-on", "high", "exit 1 when a finding is at or above this severity (critical, high, medium, low, info, none)")
	fs.StringVar(&f.severity, "severity", "info", "show only findings at or above this severity")
	fs.StringVar(&f.configFile, "config", "", "config file (default: "+config.DefaultFile+" in the working directory, if present)")
	fs.StringVar(&f.since, "since", "", "only events whose request arrived at or after this time: RFC 3339 (2026-03-01T10:00:00Z) or a duration before now (2h)")
	fs.StringVar(&f.until, "until", "", "only events whose request arrived before this time (same forms as --since)")
	fs.BoolVarP(&f.follow, "follow", "f", false, "keep reading the newest file as it grows, across rotation, and print each finding as a JSON line until interrupted")
	fs.StringVar(&f.maxLine, "max-line-bytes", "16Mi", "longest line read; longer lines are skipped and reported as errors")
	fs.BoolVar(&f.noColor, "no-color", false, "never color the table output")
}

func newAudit(stdin io.Reader, stdout, stderr io.Writer) *cobra.Command {
	var f auditFlags
	cmd := &cobra.Command{
		Use:   "audit FILE... | -",
		Short: "Find attacks and risky actions in Kubernetes audit logs",
		Long: `Audit reads audit.k8s.io/v1 events, one JSON object per line as the API
server writes them with --audit-log-format=json: files, gzip-compressed
files, or - for stdin. The files of a rotated set may be given in any
order; they are read in the order of their first event. Every detector
(docs/audit.md lists them with their MITRE ATT&CK techniques) runs over
the stream with bounded memory, and the findings make one report.

Lines that are not audit events are reported as errors with file:line and
skipped. With --follow the newest file is tailed across rotation and each
finding is printed as one JSON line as it is made.

Subcommands: serve (the API server's audit webhook backend) and
policy-check (lint an audit policy). Exit codes: 0 nothing at or above
--fail-on; 1 findings at or above it; 2 bad usage or input that could not
be read.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runAudit(cmd.Context(), f, args, stdin, stdout, stderr)
		},
	}
	f.register(cmd.Flags())
	cmd.AddCommand(newAuditPolicyCheck(stdout, stderr), newAuditServe(stdout, stderr))
	return cmd
}

// maxReportedLineErrors bounds the line errors a report lists; the rest
// are counted in one more error.
const maxReportedLineErrors = 1000

func runAudit(ctx context.Context, f auditFlags, paths []string, stdin io.Reader, stdout, stderr io.Writer) error {
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
	if !contains(report.Formats(), f.output) {
		return usageError("--output: unknown format %q (want one of %s)", f.output, strings.Join(report.Formats(), ", "))
	}
	opts := audit.ReadOptions{Stdin: stdin, Follow: f.follow}
	if opts.Since, err = parseWhen(f.since, started); err != nil {
		return usageError("--since: %v", err)
	}
	if opts.Until, err = parseWhen(f.until, started); err != nil {
		return usageError("--until: %v", err)
	}
	maxLine, err := resource.ParseQuantity(f.maxLine)
	if err != nil || maxLine.Value() <= 0 || maxLine.Value() > 1<<30 {
		return usageError("--max-line-bytes: %q is not a size like 16Mi (at most 1Gi)", f.maxLine)
	}
	opts.MaxLineBytes = int(maxLine.Value())
	cfg, err := loadAuditConfig(f.configFile)
	if err != nil {
		return &exitError{code: ExitUsage, err: err}
	}
	if f.follow {
		return followAudit(ctx, f, paths, opts, cfg, minSev, stdout, stderr)
	}

	rep := report.New("audit", version.String(), started)
	failing := false
	engine := audit.NewEngine(audit.NewSettings(cfg.Audit), engineOptions(cfg), func(fd check.Finding) {
		if fd.Severity >= minSev {
			rep.Findings = append(rep.Findings, fd)
		}
		if !failNever && fd.Severity >= failOn {
			failing = true
		}
	})
	dropped := 0
	stats, err := audit.Read(ctx, paths, opts, engine.Observe, func(le audit.LineError) {
		if len(rep.Errors) < maxReportedLineErrors {
			rep.Errors = append(rep.Errors, report.Error{File: le.File, Line: le.Line, Message: le.Message})
		} else {
			dropped++
		}
	})
	if err != nil {
		return &exitError{code: ExitUsage, err: err}
	}
	if dropped > 0 {
		rep.Errors = append(rep.Errors, report.Error{File: "-", Message: fmt.Sprintf("%d more lines were not audit events; only the first %d are listed", dropped, maxReportedLineErrors)})
	}
	slog.Debug("audit log read", "files", stats.Files, "lines", stats.Lines, "events", stats.Events, "filtered", stats.Filtered, "errors", stats.Errors, "elapsed", time.Since(started))
	rep.Summary.Objects = stats.Events
	rep.Rules = engine.Running()
	rep.Finish()
	if err := writeReport(rep, scanFlags{output: f.output, outputFile: f.outputFile, noColor: f.noColor}, stdout, stderr); err != nil {
		return &exitError{code: ExitUsage, err: err}
	}
	switch {
	case len(rep.Errors) > 0:
		// As in scan: input that could not be read is exit 2, findings or not.
		return &exitError{code: ExitUsage}
	case failing:
		return &exitError{code: ExitFindings}
	}
	return nil
}

// followAudit tails the logs and prints each finding as one JSON line
// until interrupted.
func followAudit(ctx context.Context, f auditFlags, paths []string, opts audit.ReadOptions, cfg *config.Config, minSev check.Severity, stdout, stderr io.Writer) error {
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	out, closeOut, err := findingsOutput(f.outputFile, stdout)
	if err != nil {
		return usageError("--output-file: %v", err)
	}
	defer closeOut()
	engine := audit.NewEngine(audit.NewSettings(cfg.Audit), engineOptions(cfg), func(fd check.Finding) {
		if fd.Severity >= minSev {
			if err := out.Encode(fd); err != nil {
				slog.Error("write finding", "error", err)
			}
		}
	})
	_, err = audit.Read(ctx, paths, opts, engine.Observe, func(le audit.LineError) {
		fmt.Fprintf(stderr, "error: %s\n", le)
	})
	if err != nil && ctx.Err() == nil {
		return &exitError{code: ExitUsage, err: err}
	}
	return nil
}

// findingsOutput is where streamed findings go, one JSON object a line.
func findingsOutput(file string, stdout io.Writer) (*json.Encoder, func(), error) {
	if file == "" {
		return json.NewEncoder(stdout), func() {}, nil
	}
	fh, err := os.OpenFile(file, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return nil, nil, err
	}
	return json.NewEncoder(fh), func() { fh.Close() }, nil
}

// parseWhen reads --since/--until: an RFC 3339 time, or a duration
// counted back from now.
func parseWhen(s string, now time.Time) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if d, err := time.ParseDuration(s); err == nil {
		return now.Add(-d), nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is neither a time like 2026-03-01T10:00:00Z nor a duration like 2h", s)
	}
	return t, nil
}

// loadAuditConfig reads .kubeward.yaml knowing every check ID: the same
// file tunes scans and audit runs.
func loadAuditConfig(path string) (*config.Config, error) {
	return loadConfig(path, checks.All())
}

// addAuditDetectorIDs makes the audit detectors' IDs known to config
// validation, for checks.disable, checks.severity and audit.trusted.
func addAuditDetectorIDs(known map[string]bool) {
	for _, d := range audit.Detectors() {
		known[d.ID] = true
	}
}
