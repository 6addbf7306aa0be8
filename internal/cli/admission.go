package cli

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"k8s.io/client-go/kubernetes"

	"github.com/kubeward/kubeward/internal/admission"
	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/checks"
	"github.com/kubeward/kubeward/internal/cluster"
	"github.com/kubeward/kubeward/internal/exception"
	"github.com/kubeward/kubeward/internal/gctune"
	"github.com/kubeward/kubeward/internal/policy"
	"github.com/kubeward/kubeward/internal/serve"
	"github.com/kubeward/kubeward/internal/version"
)

func newAdmission(stdout, stderr io.Writer) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "admission",
		Short: "Block insecure objects at admission: the validating webhook and its deployment",
	}
	cmd.AddCommand(newAdmissionServe(stderr), newAdmissionManifest(stdout), newAdmissionVAP(stdout))
	return cmd
}

// admissionFlags are the options of `kubeward admission serve`.
type admissionFlags struct {
	server           serve.Config
	conn             cluster.Options
	enforce, warn    string
	audit            string
	checkModes       []string
	exempt           admission.Exemptions
	strictUpdates    bool
	failureMode      string
	namespaceLabels  bool
	configFile       string
	strictExceptions bool
	policyDir        string
	k8sVersion       string
}

func (f *admissionFlags) register(fs *pflag.FlagSet) {
	f.server = serve.Default()
	f.server.Flags(fs)
	f.conn.Flags(fs)
	fs.StringVar(&f.enforce, "enforce", "high", "deny requests with findings at or above this severity (none: never)")
	fs.StringVar(&f.warn, "warn", "medium", "return warnings for findings at or above this severity (none: never)")
	fs.StringVar(&f.audit, "audit", "low", "log and count findings at or above this severity (none: never)")
	fs.StringArrayVar(&f.checkModes, "check-mode", nil, "fix one check's mode whatever its severity: check-id=enforce|warn|audit|none (repeatable)")
	fs.StringSliceVar(&f.exempt.Namespaces, "exempt-namespace", nil, "namespaces whose requests are not evaluated (repeatable)")
	fs.StringSliceVar(&f.exempt.Users, "exempt-user", nil, "users whose requests are not evaluated (repeatable)")
	fs.StringSliceVar(&f.exempt.Groups, "exempt-group", nil, "groups whose members' requests are not evaluated (repeatable)")
	fs.StringSliceVar(&f.exempt.ServiceAccounts, "exempt-service-account", nil, "service accounts, as namespace/name, whose requests are not evaluated (repeatable)")
	fs.BoolVar(&f.strictUpdates, "strict-updates", false, "deny an UPDATE for every enforced finding, not only for findings the old object did not have")
	fs.StringVar(&f.failureMode, "failure-mode", "deny", "answer to a request whose evaluation failed (a check errored or panicked): deny or allow")
	fs.BoolVar(&f.namespaceLabels, "namespace-labels", true, "let namespace labels "+admission.LabelEnforce+", "+admission.LabelWarn+" and "+admission.LabelAudit+" set a namespace's thresholds (needs list/watch on namespaces)")
	fs.StringVar(&f.configFile, "config", "", "config file with disabled checks, severity overrides and exceptions (default: .kubeward.yaml in the working directory, if present)")
	fs.BoolVar(&f.strictExceptions, "strict-exceptions", false, "honour exceptions from the config file only, not from "+exception.IgnoreAnnotation+" annotations")
	fs.StringVar(&f.policyDir, "policy", "", "directory (or .rego file) of custom Rego policies to run with the built-in checks")
	fs.StringVar(&f.k8sVersion, "k8s-version", "", "Kubernetes version for the API-version checks, e.g. 1.37 (default: the API server's)")
}

func newAdmissionServe(stderr io.Writer) *cobra.Command {
	var f admissionFlags
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the validating admission webhook (POST /validate) over HTTPS",
		Long: `Serve answers admission.k8s.io/v1 AdmissionReviews on POST /validate: it runs
the checks of "kubeward scan" on the object of each CREATE and UPDATE and
denies, warns or audits per the thresholds, check modes and namespace labels
(docs/admission.md). It also serves /healthz, /readyz and /metrics, reloads
its certificate when the files change, logs one JSON line per decision on
stderr and, on SIGTERM, drains the requests in flight before it exits.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			gctune.Server()
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			level := slog.LevelInfo // decisions are logged at info
			if fl := cmd.Flag("log-level"); fl != nil && fl.Changed {
				if err := level.UnmarshalText([]byte(fl.Value.String())); err != nil {
					return usageError("--log-level: %v", err)
				}
			}
			log := slog.New(slog.NewJSONHandler(stderr, &slog.HandlerOptions{Level: level}))
			slog.SetDefault(log)
			return runAdmissionServe(ctx, f, log)
		},
	}
	f.register(cmd.Flags())
	return cmd
}

func runAdmissionServe(ctx context.Context, f admissionFlags, log *slog.Logger) error {
	if ctx == nil {
		ctx = context.Background()
	}
	var cfg admission.Config
	var err error
	for _, l := range []struct {
		flag, value string
		dst         *admission.Level
	}{{"--enforce", f.enforce, &cfg.Defaults.Enforce}, {"--warn", f.warn, &cfg.Defaults.Warn}, {"--audit", f.audit, &cfg.Defaults.Audit}} {
		if *l.dst, err = admission.ParseLevel(l.value); err != nil {
			return usageError("%s: %v", l.flag, err)
		}
	}
	switch f.failureMode {
	case "deny":
	case "allow":
		cfg.FailOpen = true
	default:
		return usageError("--failure-mode: %q is neither deny nor allow", f.failureMode)
	}
	for _, sa := range f.exempt.ServiceAccounts {
		if ns, name, ok := strings.Cut(sa, "/"); !ok || ns == "" || name == "" || strings.Contains(name, "/") {
			return usageError("--exempt-service-account: %q is not namespace/name", sa)
		}
	}
	if f.k8sVersion != "" && !k8sVersionPattern.MatchString(f.k8sVersion) {
		return usageError("--k8s-version: %q is not a version like 1.32", f.k8sVersion)
	}
	cfg.Exempt, cfg.StrictUpdates, cfg.StrictExceptions = f.exempt, f.strictUpdates, f.strictExceptions

	all := admission.Runners(checks.All())
	if f.policyDir != "" {
		set, err := policy.Load(ctx, f.policyDir)
		if err != nil {
			return &exitError{code: ExitUsage, err: fmt.Errorf("--policy: %w", err)}
		}
		all = append(all, set.Runners()...)
	}
	conf, err := loadConfig(f.configFile, all)
	if err != nil {
		return &exitError{code: ExitUsage, err: err}
	}
	known := map[string]bool{}
	for _, r := range all {
		known[r.Info().ID] = true
	}
	if cfg.CheckModes, err = admission.ParseCheckModes(f.checkModes, func(id string) bool { return known[id] }); err != nil {
		return usageError("--check-mode: %v", err)
	}
	cfg.Exceptions = conf.Exceptions

	srv, err := serve.New(f.server, log)
	if err != nil {
		return &exitError{code: ExitUsage, err: err}
	}
	opts := engineOptions(conf)
	opts.Settings.KubernetesVersion = strings.TrimPrefix(f.k8sVersion, "v")
	if f.namespaceLabels || opts.Settings.KubernetesVersion == "" {
		client, err := cluster.Connect(f.conn)
		if err != nil {
			return &exitError{code: ExitUsage, err: err}
		}
		if opts.Settings.KubernetesVersion == "" {
			if v, err := client.ServerVersion(ctx); err != nil {
				log.Warn("API server version unknown; the API-version checks target the newest Kubernetes kubeward knows", "error", err)
			} else {
				opts.Settings.KubernetesVersion = minorVersion(v.GitVersion)
			}
		}
		if f.namespaceLabels {
			cs, err := kubernetes.NewForConfig(client.Config)
			if err != nil {
				return &exitError{code: ExitUsage, err: fmt.Errorf("cluster client: %w", err)}
			}
			nsc := admission.NewNamespaceCache(cs)
			nsc.Run(ctx)
			srv.AddReadyCheck("namespaces", nsc.Ready)
			cfg.Namespaces = nsc
		}
	}
	engine := check.NewEngine(all, opts)
	reviewer := admission.NewReviewer(cfg, engine, log)
	srv.Handle("POST /validate", admission.NewHandler(reviewer, admission.NewMetrics(srv.Registry), log))
	if err := srv.Listen(); err != nil {
		return &exitError{code: ExitUsage, err: err}
	}
	log.Info("kubeward admission webhook", "version", version.String(), "checks", len(engine.Runners()),
		"enforce", cfg.Defaults.Enforce.String(), "warn", cfg.Defaults.Warn.String(), "audit", cfg.Defaults.Audit.String(),
		"failureMode", f.failureMode, "strictUpdates", f.strictUpdates)
	if err := srv.Serve(ctx); err != nil {
		return &exitError{code: ExitUsage, err: err}
	}
	return nil
}

func newAdmissionManifest(stdout io.Writer) *cobra.Command {
	o := admission.ManifestOptions{Namespace: "kubeward", Replicas: 2, FailurePolicy: "Fail", TimeoutSeconds: 5,
		Image: "ghcr.io/kubeward/kubeward:" + imageTag()}
	var caFile string
	cmd := &cobra.Command{
		Use:   "manifest",
		Short: "Print the manifests that deploy the admission webhook",
		Long: `Manifest prints the Namespace, ServiceAccount, RBAC, Service, Deployment,
PodDisruptionBudget, NetworkPolicy, certificate and ValidatingWebhookConfiguration
that run "kubeward admission serve" in a cluster. Without --ca-bundle the
serving certificate comes from cert-manager; with it, create the Secret
` + admission.TLSSecret + ` (tls.crt, tls.key) yourself. Arguments after -- are
passed to "kubeward admission serve".`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if caFile != "" {
				ca, err := os.ReadFile(caFile)
				if err != nil {
					return usageError("--ca-bundle: %v", err)
				}
				o.CABundle = ca
			}
			o.Args = args
			out, err := admission.Manifest(o)
			if err != nil {
				return usageError("%v", err)
			}
			_, err = stdout.Write(out)
			return err
		},
	}
	fs := cmd.Flags()
	fs.StringVarP(&o.Namespace, "namespace", "n", o.Namespace, "namespace the webhook runs in (never checked by it)")
	fs.StringVar(&o.Image, "image", o.Image, "kubeward image; pin it by digest (name@sha256:...)")
	fs.IntVar(&o.Replicas, "replicas", o.Replicas, "webhook replicas")
	fs.StringVar(&o.FailurePolicy, "failure-policy", o.FailurePolicy, "what the API server does when no replica answers: Fail (refuse the request) or Ignore (admit it unchecked)")
	fs.IntVar(&o.TimeoutSeconds, "timeout", o.TimeoutSeconds, "seconds the API server waits for the webhook (1-30)")
	fs.StringVar(&caFile, "ca-bundle", "", "PEM CA of the serving certificate, instead of cert-manager")
	return cmd
}

// imageTag is the image tag of this build: its version with the
// characters image tags do not allow ("+" of a pseudo-version) as dashes.
func imageTag() string {
	return strings.Map(func(r rune) rune {
		if r == '.' || r == '-' || r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
			return r
		}
		return '-'
	}, version.String())
}
