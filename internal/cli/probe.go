package cli

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/cluster"
	"github.com/kubeward/kubeward/internal/probe"
	"github.com/kubeward/kubeward/internal/report"
	"github.com/kubeward/kubeward/internal/version"
	"github.com/kubeward/kubeward/internal/vuln"
)

// probeFlags are the options of `kubeward probe`.
type probeFlags struct {
	cidrs       []string
	largeRange  bool
	fromPod     bool
	nodes       bool
	ports       string
	nodePorts   bool
	concurrency int
	timeout     time.Duration
	deadline    time.Duration
	tokenFile   string
	namespaces  []string
	active      bool
	explain     string
	output      string
	outputFile  string
	failOn      string
	noColor     bool
	conn        cluster.Options
	vuln        vulnFlags
	pod         probe.PodOptions
}

func (f *probeFlags) register(fs *pflag.FlagSet) {
	fs.StringSliceVar(&f.cidrs, "cidr", nil, "probe every address of this CIDR (repeatable); larger than a /16 needs --yes-scan-large-range")
	fs.BoolVar(&f.largeRange, "yes-scan-large-range", false, "allow --cidr ranges larger than a /16")
	fs.BoolVar(&f.fromPod, "from-pod", false, "run the in-pod probes (service-account token, secret files, CAP_NET_RAW, cloud metadata) and probe the API server named by KUBERNETES_SERVICE_HOST")
	fs.BoolVar(&f.nodes, "nodes", false, "probe the addresses of the cluster's nodes, read from the API with the kubeconfig")
	fs.StringVar(&f.ports, "ports", "", "ports to try on hosts named without a port, e.g. 6443,10250,30000-30100 (default: the Kubernetes ports)")
	fs.BoolVar(&f.nodePorts, "node-ports", false, "also try the NodePort range 30000-32767")
	fs.IntVar(&f.concurrency, "concurrency", 128, "connections in flight at most")
	fs.DurationVar(&f.timeout, "timeout", 2*time.Second, "timeout of each connection and each request")
	fs.DurationVar(&f.deadline, "deadline", 5*time.Minute, "time limit of the whole run; what is left is reported as not evaluated")
	fs.StringVar(&f.tokenFile, "token-file", "", "also probe the API server with the bearer token in this file (--from-pod uses the pod's own)")
	fs.StringSliceVarP(&f.namespaces, "namespace", "n", []string{"default"}, "namespaces whose objects are listed one by one and whose permissions SelfSubjectRulesReview is asked about")
	fs.BoolVar(&f.active, "active", false, "also run the active probes: create, patch and delete a namespace, Roles, ClusterRoles and pods with the probe's credentials (each removed again; every request is logged)")
	fs.StringVar(&f.explain, "explain", "", "describe a probe by its ID (probe-kubelet-exec) or kube-hunter ID (KHV039) and exit")
	fs.StringVarP(&f.output, "output", "o", "table", "output format: "+strings.Join(report.Formats(), ", "))
	fs.StringVar(&f.outputFile, "output-file", "", "write the report to this file instead of stdout")
	fs.StringVar(&f.failOn, "fail-on", "high", "exit 1 when an exposure is at or above this severity (critical, high, medium, low, info, none)")
	fs.BoolVar(&f.noColor, "no-color", false, "never color the table output")
	f.conn.Flags(fs)
	f.vuln.register(fs)
	// Where the in-pod probes look; tests point them at files and a
	// loopback server.
	fs.StringVar(&f.pod.SecretsDir, "pod-secrets-dir", "", "")
	fs.StringVar(&f.pod.ProcStatus, "pod-proc-status", "", "")
	fs.StringVar(&f.pod.MetadataURL, "pod-metadata-url", "", "")
	for _, h := range []string{"pod-secrets-dir", "pod-proc-status", "pod-metadata-url"} {
		_ = fs.MarkHidden(h)
	}
}

func newProbe(stdout, stderr io.Writer) *cobra.Command {
	var f probeFlags
	cmd := &cobra.Command{
		Use:   "probe [HOST[:PORT] | KIND://HOST:PORT]...",
		Short: "Probe Kubernetes services on the network the way an attacker would",
		Long: `probe connects to the Kubernetes ports of the hosts you name (and only
those), identifies what answers (API server, kubelet, etcd, kubectl proxy,
controller-manager, scheduler, kube-proxy, metrics endpoints), records TLS
certificates and runs passive probes that only read: anonymous access,
version disclosure and its CVEs, kubelet handlers, etcd without client
certificates, exposed proxies. A 401 or 403 is reported as protection.

--active adds probes that create, patch and delete objects through the API
server with the probe's credentials, in a namespace they create and delete.
See docs/probe.md; kubeward probe --explain ID describes one probe.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if f.explain != "" {
				return explainProbe(stdout, f.explain)
			}
			return runProbe(cmd.Context(), f, args, stdout, stderr)
		},
	}
	f.register(cmd.Flags())
	return cmd
}

func explainProbe(w io.Writer, id string) error {
	r, ok := probe.Lookup(id)
	if !ok {
		return usageError("--explain: no probe %q (see docs/probe.md for the list)", id)
	}
	mode := "passive"
	if r.Active {
		mode = "active (only with --active)"
	}
	khv := r.KHV
	if khv == "" {
		khv = "none"
	}
	var mitre []string
	for _, c := range r.Controls {
		if c.Framework == check.FrameworkMITRE {
			mitre = append(mitre, c.ID)
		}
	}
	fmt.Fprintf(w, "%s: %s\n\n  severity:    %s\n  mode:        %s\n  kube-hunter: %s\n  MITRE:       %s\n  request:     %s\n\n%s\n\nRemediation: %s\n",
		r.ID, r.Title, r.Severity, mode, khv, strings.Join(mitre, ", "), r.Request, r.Description, r.Remediation)
	return nil
}

func runProbe(ctx context.Context, f probeFlags, args []string, stdout, stderr io.Writer) error {
	if ctx == nil {
		ctx = context.Background()
	}
	started := time.Now()
	failOn, failNever, err := parseFailOn(f.failOn)
	if err != nil {
		return usageError("--fail-on: %v", err)
	}
	if !contains(report.Formats(), f.output) {
		return usageError("--output: unknown format %q (want one of %s)", f.output, strings.Join(report.Formats(), ", "))
	}
	opts := probe.Options{
		NodePorts: f.nodePorts, Concurrency: f.concurrency, Timeout: f.timeout, Deadline: f.deadline,
		Namespaces: f.namespaces, Active: f.active,
	}
	if f.ports != "" {
		if opts.Ports, err = probe.ParsePorts(f.ports); err != nil {
			return usageError("--ports: %v", err)
		}
	}
	for _, a := range args {
		t, err := probe.ParseTarget(a)
		if err != nil {
			return usageError("%v", err)
		}
		opts.Targets = append(opts.Targets, t)
	}
	for _, c := range f.cidrs {
		hosts, err := probe.ExpandCIDR(c, f.largeRange)
		if err != nil {
			return usageError("%v", err)
		}
		for _, h := range hosts {
			opts.Targets = append(opts.Targets, probe.Target{Host: h})
		}
	}
	if f.nodes {
		client, err := cluster.Connect(f.conn)
		if err != nil {
			return usageError("--nodes: %v", err)
		}
		ts, err := probe.NodeTargets(ctx, client.Config)
		if err != nil {
			return usageError("--nodes: %v", err)
		}
		slog.Info("node addresses read", "cluster", client.Name, "targets", len(ts))
		opts.Targets = append(opts.Targets, ts...)
	}
	if f.tokenFile != "" {
		if opts.Token, err = probe.ReadToken(f.tokenFile); err != nil {
			return usageError("--token-file: %v", err)
		}
	}
	if f.fromPod {
		pod := f.pod
		opts.Pod = &pod
		if opts.Token == "" {
			opts.Token, _ = probe.ReadToken(pod.TokenPath()) // absent is a finding, not an error
		}
		if host := os.Getenv("KUBERNETES_SERVICE_HOST"); host != "" {
			port := os.Getenv("KUBERNETES_SERVICE_PORT")
			if port == "" {
				port = "443"
			}
			t, err := probe.ParseTarget("apiserver://" + net.JoinHostPort(host, port))
			if err != nil {
				return usageError("KUBERNETES_SERVICE_HOST/PORT: %v", err)
			}
			opts.Targets = append(opts.Targets, t)
		}
	}
	if len(opts.Targets) == 0 && opts.Pod == nil {
		return usageError("nothing to probe: name HOST[:PORT] targets, --cidr, --nodes or --from-pod")
	}
	if opts.CVE, err = f.vuln.db(); err != nil {
		return err
	}
	if opts.Now, err = f.vuln.now(started); err != nil {
		return err
	}
	if isTerminal(stderr) {
		opts.Progress = stderr
	}
	if f.active {
		slog.Warn("active probes enabled: objects will be created and deleted through the API server")
	}
	res, err := probe.Run(ctx, opts)
	if err != nil {
		return &exitError{code: ExitUsage, err: err}
	}
	slog.Debug("probe done", "endpoints", res.Tried, "services", len(res.Services), "elapsed", time.Since(started))

	rep := report.New("probe", version.String(), started)
	rep.Findings = res.Findings
	rep.Rules = append(probe.Metas(), vuln.Rules()...)
	rep.Summary.Objects = len(res.Services)
	return finishReport(rep, scanFlags{output: f.output, outputFile: f.outputFile, noColor: f.noColor}, failOn, failNever, stdout, stderr)
}
