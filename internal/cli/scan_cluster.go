package cli

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"runtime/debug"
	"strings"

	"github.com/spf13/pflag"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/cluster"
	"github.com/kubeward/kubeward/internal/scan"
)

// clusterFlags are the options of `kubeward scan --cluster`; -n/--namespace
// is scanFlags.namespace, shared with Helm rendering.
type clusterFlags struct {
	enabled          bool
	failOnIncomplete bool
	conn             cluster.Options
}

func (c *clusterFlags) register(fs *pflag.FlagSet) {
	fs.BoolVar(&c.enabled, "cluster", false, "scan the live cluster of the kubeconfig instead of files")
	fs.BoolVar(&c.failOnIncomplete, "fail-on-incomplete", false, "with --cluster: exit 1 when a kind the checks need could not be listed (for example forbidden by RBAC)")
	c.conn.Flags(fs)
}

// scanCluster connects, targets the server's Kubernetes version unless
// --k8s-version says otherwise, and streams the cluster through the checks.
func scanCluster(ctx context.Context, f scanFlags, cfg *scan.Config, all []check.Runner, opts check.Options) (*scan.Result, error) {
	// A cluster scan waits on the API server more than on the collector,
	// and its garbage (list pages, objects' JSON) dwarfs its live heap:
	// collecting at the default pace keeps the peak near the live heap.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(100)
	}
	client, err := cluster.Connect(f.cluster.conn)
	if err != nil {
		return nil, err
	}
	if opts.Settings.KubernetesVersion == "" {
		v, err := client.ServerVersion(ctx)
		if err != nil {
			return nil, err
		}
		opts.Settings.KubernetesVersion = minorVersion(v.GitVersion)
	}
	cfg.Engine = check.NewEngine(all, opts)
	res, err := scan.RunStream(ctx, *cfg, scan.ClusterStream(client, f.namespace, cfg.Engine.Wants))
	if err != nil {
		return nil, fmt.Errorf("scan cluster %s: %w", client.Name, err)
	}
	for _, g := range res.Gaps {
		slog.Warn("not evaluated: could not list "+g.What, "reason", g.Reason)
	}
	return res, nil
}

// minorVersion turns "v1.37.2" (or "v1.37.2-eks-1234") into "1.37", the
// form check settings take; "" when it is not a version.
func minorVersion(git string) string {
	v := strings.TrimPrefix(git, "v")
	major, rest, ok := strings.Cut(v, ".")
	if !ok || major == "" {
		return ""
	}
	minor, _, _ := strings.Cut(rest, ".")
	minor = strings.TrimRight(minor, "+")
	if !k8sVersionPattern.MatchString(major + "." + minor) {
		return ""
	}
	return major + "." + minor
}

func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}
