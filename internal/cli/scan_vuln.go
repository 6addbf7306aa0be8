package cli

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/cluster"
	"github.com/kubeward/kubeward/internal/config"
	"github.com/kubeward/kubeward/internal/kube"
	"github.com/kubeward/kubeward/internal/report"
	"github.com/kubeward/kubeward/internal/version"
	"github.com/kubeward/kubeward/internal/vuln"
)

// vulnFlags are the options of the Kubernetes-version checks, shared by
// `scan` and `vuln`.
type vulnFlags struct {
	cveData string
	asOf    string
}

func (f *vulnFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&f.cveData, "cve-data", "", "Kubernetes CVE data file to use instead of the built-in data (same JSON format; read offline)")
	fs.StringVar(&f.asOf, "as-of", "", "judge the Kubernetes support window as of this date, YYYY-MM-DD (default: today)")
}

// db loads the CVE data: the file given, else the built-in data. A bad
// file is a usage error naming the file and, for broken JSON, the line
// and column.
func (f *vulnFlags) db() (*vuln.DB, error) {
	load := vuln.Embedded
	if f.cveData != "" {
		load = func() (*vuln.DB, error) { return vuln.LoadFile(f.cveData) }
	}
	db, err := load()
	if err != nil {
		return nil, &exitError{code: ExitUsage, err: fmt.Errorf("--cve-data: %w", err)}
	}
	return db, nil
}

func (f *vulnFlags) now(started time.Time) (time.Time, error) {
	if f.asOf == "" {
		return started, nil
	}
	t, err := time.Parse(time.DateOnly, f.asOf)
	if err != nil {
		return time.Time{}, usageError("--as-of: %q is not a date like 2026-11-25", f.asOf)
	}
	return t, nil
}

// scanVersionFindings are the known CVEs and the support state of
// --k8s-version, reported on the cluster as a whole; none without it.
func scanVersionFindings(f scanFlags, started time.Time) ([]check.Finding, []*check.Meta, error) {
	if f.k8sVersion == "" {
		return nil, nil, nil
	}
	if _, err := vuln.ParseKubernetesVersion(f.k8sVersion); err != nil {
		return nil, nil, usageError("--k8s-version: %v", err)
	}
	db, err := f.vuln.db()
	if err != nil {
		return nil, nil, err
	}
	now, err := f.vuln.now(started)
	if err != nil {
		return nil, nil, err
	}
	where := vuln.Where{Object: vuln.ClusterRef, Field: "--k8s-version", Source: "flag"}
	fs := vuln.Assess([]vuln.Component{{Name: "cluster", Version: f.k8sVersion, Where: where}}, now, db)
	return fs, vuln.Rules(), nil
}

// newVuln is `kubeward vuln VERSION`: the known CVEs and support state of
// one Kubernetes version, as a report.
func newVuln(stdout, stderr io.Writer) *cobra.Command {
	var (
		vf         vulnFlags
		output     string
		failOn     string
		noColor    bool
		components []string
	)
	cmd := &cobra.Command{
		Use:     "vuln VERSION",
		Aliases: []string{"cves"},
		Short:   "List the known Kubernetes CVEs of a Kubernetes version and whether upstream still supports it",
		Long: `vuln judges one Kubernetes version (v1.29.3, 1.29.3-eks-abcdef, v1.30.4+k3s1,
or a minor line like 1.29) against the CVE data built into kubeward, or the
file given with --cve-data, and against the upstream support window. Nothing
is fetched from the network. Vendor builds are judged by their upstream
version; vendors may have backported fixes.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			started := time.Now()
			sev, never, err := parseFailOn(failOn)
			if err != nil {
				return usageError("--fail-on: %v", err)
			}
			if !contains(report.Formats(), output) {
				return usageError("--output: unknown format %q (want one of %s)", output, strings.Join(report.Formats(), ", "))
			}
			if _, err := vuln.ParseKubernetesVersion(args[0]); err != nil {
				return usageError("%v", err)
			}
			db, err := vf.db()
			if err != nil {
				return err
			}
			now, err := vf.now(started)
			if err != nil {
				return err
			}
			known := append(db.Components(), vuln.All)
			for g := range vuln.Groups {
				known = append(known, g)
			}
			slices.Sort(known)
			var comps []vuln.Component
			where := vuln.Where{Object: vuln.ClusterRef, Field: "VERSION", Source: "argument"}
			for _, c := range components {
				if !slices.Contains(known, c) {
					return usageError("--component: unknown component %q (want one of %s)", c, strings.Join(known, ", "))
				}
				comps = append(comps, vuln.Component{Name: c, Version: args[0], Where: where})
			}
			rep := report.New("vuln", version.String(), started)
			rep.Findings = vuln.Assess(comps, now, db)
			rep.Rules = vuln.Rules()
			return finishReport(rep, scanFlags{output: output, noColor: noColor}, sev, never, stdout, stderr)
		},
	}
	fs := cmd.Flags()
	fs.StringVarP(&output, "output", "o", "table", "output format: "+strings.Join(report.Formats(), ", "))
	fs.StringVar(&failOn, "fail-on", "none", "exit 1 when a finding is at or above this severity (critical, high, medium, low, info, none)")
	fs.BoolVar(&noColor, "no-color", false, "never color the table output")
	fs.StringSliceVar(&components, "component", []string{"cluster"}, "components to judge: a component (kube-apiserver, kubelet, kubectl, ...), a group (control-plane, node, cluster) or all (repeatable or comma-separated)")
	vf.register(fs)
	return cmd
}

// clusterVersionFindings are the known CVEs and the support state of a
// live cluster: the API server's version for the control plane and each
// Node's kubelet version. What cannot be read is reported as not
// evaluated; the scan goes on.
func clusterVersionFindings(ctx context.Context, f scanFlags, started time.Time) ([]check.Finding, []*check.Meta, error) {
	db, err := f.vuln.db()
	if err != nil {
		return nil, nil, err
	}
	now, err := f.vuln.now(started)
	if err != nil {
		return nil, nil, err
	}
	client, err := cluster.Connect(f.cluster.conn)
	if err != nil {
		return nil, nil, &exitError{code: ExitUsage, err: err}
	}
	server := vuln.Where{Object: vuln.ClusterRef, Location: kube.Location{Object: "/version"}, Field: "gitVersion", Source: "api"}
	server.Object.Cluster = client.Name
	var comps []vuln.Component
	var out []check.Finding
	notEvaluated := func(w vuln.Where, msg string) {
		out = append(out, check.Finding{Check: vuln.CVEMeta.ID, Severity: check.Info, Status: check.StatusNotEvaluated,
			Title: vuln.CVEMeta.Title, Message: msg, Object: w.Object, Location: w.Location, Path: w.Field,
			Frameworks: check.FrameworksOf(vuln.CVEMeta.Controls), Remediation: vuln.CVEMeta.Remediation})
	}
	if v, err := client.ServerVersion(ctx); err != nil {
		notEvaluated(server, fmt.Sprintf("the control plane's known CVEs were not evaluated: %v", err))
	} else {
		comps = append(comps, vuln.Component{Name: "control-plane", Version: v.GitVersion, Where: server})
	}
	nodes, err := client.KubeletVersions(ctx)
	if err != nil {
		nodesWhere := server
		nodesWhere.Location, nodesWhere.Field = kube.Location{Object: "/api/v1/nodes"}, "status.nodeInfo.kubeletVersion"
		notEvaluated(nodesWhere, fmt.Sprintf("the kubelets' known CVEs were not evaluated: %v", err))
	}
	for _, n := range nodes {
		w := vuln.Where{Object: kube.Ref{APIVersion: "v1", Kind: "Node", Name: n.Node, Cluster: client.Name},
			Location: kube.Location{Object: "/api/v1/nodes/" + n.Node}, Field: "status.nodeInfo.kubeletVersion", Source: "api"}
		comps = append(comps, vuln.Component{Name: "kubelet", Version: n.KubeletVersion, Where: w})
	}
	return append(out, vuln.Assess(comps, now, db)...), vuln.Rules(), nil
}

// versionFindings are the Kubernetes-version findings of a scan: of the
// live cluster with --cluster, else of --k8s-version when given. The
// config file's checks.disable and checks.severity apply to them as to
// every check.
func versionFindings(ctx context.Context, f scanFlags, started time.Time, cfg *config.Config) ([]check.Finding, []*check.Meta, error) {
	var fs []check.Finding
	var rules []*check.Meta
	var err error
	if f.cluster.enabled {
		fs, rules, err = clusterVersionFindings(ctx, f, started)
	} else {
		fs, rules, err = scanVersionFindings(f, started)
	}
	if err != nil {
		return nil, nil, err
	}
	fs = slices.DeleteFunc(fs, func(x check.Finding) bool { return slices.Contains(cfg.Checks.Disable, x.Check) })
	rules = slices.DeleteFunc(rules, func(m *check.Meta) bool { return slices.Contains(cfg.Checks.Disable, m.ID) })
	for i := range fs {
		// A not-evaluated finding keeps its info severity: it is no verdict.
		if sev, ok := cfg.Checks.Severity[fs[i].Check]; ok && fs[i].Status != check.StatusNotEvaluated {
			fs[i].Severity = sev
		}
	}
	return fs, rules, nil
}

// addVersionCheckIDs makes the Kubernetes-version checks known to the
// config file, so that it may disable them or change their severity.
func addVersionCheckIDs(known map[string]bool) {
	for _, m := range vuln.Rules() {
		known[m.ID] = true
	}
}
