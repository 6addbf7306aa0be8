package cli

import (
	"context"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/kubeward/kubeward/internal/audit"
	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/config"
	"github.com/kubeward/kubeward/internal/serve"
	"github.com/kubeward/kubeward/internal/version"
)

// newAuditServe is `kubeward audit serve`: the API server's audit webhook
// backend.
func newAuditServe(stdout, stderr io.Writer) *cobra.Command {
	server := serve.Default()
	var (
		queueSize  int
		outputFile string
		severity   string
		configFile string
	)
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Receive the API server's audit events over its audit webhook and report findings as they happen",
		Long: `Serve is the backend of the API server's --audit-webhook-config-file: it
accepts audit.k8s.io/v1 EventList batches by POST on /audit over HTTPS,
answers at once and runs the detectors on a queue of its own. Each finding
is written as one JSON line to stdout (or --output-file); /metrics counts
events, drops and findings by detector. When the queue is full, events
are dropped, counted and logged; the API server is never held up.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			minSev, err := check.ParseSeverity(severity)
			if err != nil {
				return usageError("--severity: %v", err)
			}
			if queueSize <= 0 {
				return usageError("--queue-size must be positive, not %d", queueSize)
			}
			cfg, err := loadAuditConfig(configFile)
			if err != nil {
				return &exitError{code: ExitUsage, err: err}
			}
			ctx := cmd.Context()
			if ctx == nil {
				ctx = context.Background()
			}
			ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
			defer stop()
			// Structured JSON on stderr, as log collectors in a cluster expect.
			log := slog.New(slog.NewJSONHandler(stderr, &slog.HandlerOptions{Level: logLevelOf(ctx)}))
			srv, err := serve.New(server, log)
			if err != nil {
				return &exitError{code: ExitUsage, err: err}
			}
			out, closeOut, err := findingsOutput(outputFile, stdout)
			if err != nil {
				return usageError("--output-file: %v", err)
			}
			defer closeOut()
			var backend *audit.Backend
			engine := audit.NewEngine(audit.NewSettings(cfg.Audit), engineOptions(cfg), func(f check.Finding) {
				backend.CountFinding(f)
				if f.Severity < minSev {
					return
				}
				if err := out.Encode(f); err != nil {
					log.Error("write finding", "error", err)
				}
			})
			backend = audit.NewBackend(engine, queueSize, srv.Registry, log)
			srv.Handle("POST /audit", backend)
			if err := srv.Listen(); err != nil {
				return &exitError{code: ExitUsage, err: err}
			}
			workCtx, stopWork := context.WithCancel(context.Background())
			go backend.Run(workCtx)
			log.Info("kubeward audit webhook backend", "version", version.String(), "addr", srv.Addr().String(), "detectors", len(engine.Running()), "queue", queueSize)
			err = srv.Serve(ctx)
			// The server has drained its requests: finish what is queued.
			stopWork()
			<-backend.Done()
			if err != nil {
				return &exitError{code: ExitUsage, err: err}
			}
			return nil
		},
	}
	fs := cmd.Flags()
	server.Flags(fs)
	fs.IntVar(&queueSize, "queue-size", 100000, "audit events held for the detectors; when full, new events are dropped and counted")
	fs.StringVar(&outputFile, "output-file", "", "append findings, one JSON object a line, to this file instead of stdout")
	fs.StringVar(&severity, "severity", "info", "write only findings at or above this severity (all are counted in /metrics)")
	fs.StringVar(&configFile, "config", "", "config file (default: "+config.DefaultFile+" in the working directory, if present)")
	return cmd
}

// logLevelOf is the lowest level the default logger (set from
// --log-level) lets through.
func logLevelOf(ctx context.Context) slog.Level {
	for _, l := range []slog.Level{slog.LevelDebug, slog.LevelInfo, slog.LevelWarn} {
		if slog.Default().Handler().Enabled(ctx, l) {
			return l
		}
	}
	return slog.LevelError
}
