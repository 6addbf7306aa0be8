package cli

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"

	"github.com/kubeward/kubeward/internal/analysis/rbac"
	"github.com/kubeward/kubeward/internal/source"
)

// rbacFlags are the options shared by the rbac subcommands.
type rbacFlags struct {
	files          []string
	cluster        bool
	kubeconfig     string
	context        string
	requestTimeout time.Duration
	output         string
}

func (f *rbacFlags) register(fs *pflag.FlagSet) {
	fs.StringArrayVarP(&f.files, "filename", "f", nil, "manifests to read RBAC objects from: files, directories, Helm charts, kustomizations, - for stdin (repeatable; also accepted after --)")
	fs.BoolVar(&f.cluster, "cluster", false, "read RBAC objects from the cluster of the kubeconfig")
	fs.StringVar(&f.kubeconfig, "kubeconfig", "", "kubeconfig file (default: $KUBECONFIG, ~/.kube/config, or in-cluster)")
	fs.StringVar(&f.context, "context", "", "kubeconfig context")
	fs.DurationVar(&f.requestTimeout, "request-timeout", 30*time.Second, "timeout of each request to the cluster")
	fs.StringVarP(&f.output, "output", "o", "table", "output format: table, json")
}

func newRBAC(stdin io.Reader, stdout, stderr io.Writer) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "rbac",
		Short: "Answer who can do what under the RBAC policy of manifests or a cluster",
	}
	cmd.AddCommand(newWhoCan(stdin, stdout, stderr), newCan(stdin, stdout, stderr))
	return cmd
}

func newWhoCan(stdin io.Reader, stdout, stderr io.Writer) *cobra.Command {
	var f rbacFlags
	var namespace, name string
	cmd := &cobra.Command{
		Use:   "who-can VERB RESOURCE [SUBRESOURCE] [-n NAMESPACE] [--name NAME] (-f PATH... | --cluster)",
		Short: "List the users, groups and service accounts that may make a request",
		Long: `who-can lists every subject that a binding lets make the request, with the
binding and role that grant it, as the API server's RBAC authorizer decides.
RESOURCE is a plural (pods), RESOURCE.GROUP for resources kubeward does not
know (widgets.example.com), RESOURCE/SUBRESOURCE, or a non-resource URL
(/metrics). Without -n the request is cluster-wide: only ClusterRoleBindings
grant it.`,
		Args: func(cmd *cobra.Command, args []string) error {
			n := len(args)
			if d := cmd.ArgsLenAtDash(); d >= 0 {
				n = d
			}
			if n < 2 || n > 3 {
				return usageError("who-can takes VERB RESOURCE [SUBRESOURCE], got %d arguments", n)
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			pos, paths := splitDash(cmd, args)
			sub := ""
			if len(pos) == 3 {
				sub = pos[2]
			}
			req, err := rbac.ParseResource(pos[0], pos[1], sub)
			if err != nil {
				return usageError("%v", err)
			}
			if !req.IsResource() && (namespace != "" || name != "") {
				return usageError("a non-resource URL has no namespace or name")
			}
			req.Namespace, req.Name = namespace, name
			f.files = append(f.files, paths...)
			p, partial, err := loadPolicy(cmd.Context(), f, stdin, stderr)
			if err != nil {
				return err
			}
			res := rbac.NewWhoCan(p, req)
			return writeRBAC(stdout, f.output, res, res.WriteTable, partial)
		},
	}
	f.register(cmd.Flags())
	cmd.Flags().StringVarP(&namespace, "namespace", "n", "", "namespace of the request (default: cluster-wide)")
	cmd.Flags().StringVar(&name, "name", "", "name of the object the request is about (for rules with resourceNames)")
	return cmd
}

func newCan(stdin io.Reader, stdout, stderr io.Writer) *cobra.Command {
	var f rbacFlags
	var groups []string
	cmd := &cobra.Command{
		Use:   "can SUBJECT (-f PATH... | --cluster)",
		Short: "List the effective permissions of a user, group or service account",
		Long: `can lists every rule that applies to SUBJECT (user:NAME, group:NAME or
sa:NAMESPACE:NAME) and where: through which binding, in which namespace or
cluster-wide. Users and service accounts are matched with the groups their
authenticators add (system:authenticated; system:serviceaccounts and
system:serviceaccounts:NAMESPACE); --group adds groups a user is in.`,
		Args: func(cmd *cobra.Command, args []string) error {
			n := len(args)
			if d := cmd.ArgsLenAtDash(); d >= 0 {
				n = d
			}
			if n != 1 {
				return usageError("can takes one SUBJECT, got %d arguments", n)
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			pos, paths := splitDash(cmd, args)
			s, err := rbac.ParseSubject(pos[0])
			if err != nil {
				return usageError("%v", err)
			}
			f.files = append(f.files, paths...)
			p, partial, err := loadPolicy(cmd.Context(), f, stdin, stderr)
			if err != nil {
				return err
			}
			res := rbac.NewPermissions(p, s, groups...)
			return writeRBAC(stdout, f.output, res, res.WriteTable, partial)
		},
	}
	f.register(cmd.Flags())
	cmd.Flags().StringArrayVar(&groups, "group", nil, "a group the user is in (repeatable)")
	return cmd
}

// splitDash separates the positional arguments from the paths after --.
func splitDash(cmd *cobra.Command, args []string) (pos, paths []string) {
	if d := cmd.ArgsLenAtDash(); d >= 0 {
		return args[:d], args[d:]
	}
	return args, nil
}

// loadPolicy reads the RBAC objects from the files or the cluster. Input
// errors are printed and partial is set: the command still answers from
// what was read and then exits 2, as scan does.
func loadPolicy(ctx context.Context, f rbacFlags, stdin io.Reader, stderr io.Writer) (p *rbac.Policy, partial bool, err error) {
	if ctx == nil {
		ctx = context.Background()
	}
	if f.output != "table" && f.output != "json" {
		return nil, false, usageError("--output: unknown format %q (want table or json)", f.output)
	}
	switch {
	case f.cluster && len(f.files) > 0:
		return nil, false, usageError("read either files (-f) or the cluster (--cluster), not both")
	case f.cluster:
		cs, err := clusterClient(f)
		if err != nil {
			return nil, false, usageError("%v", err)
		}
		inv, err := rbac.LoadCluster(ctx, cs)
		if err != nil {
			return nil, false, usageError("%v", err)
		}
		return rbac.NewPolicy(inv), false, nil
	case len(f.files) == 0:
		return nil, false, usageError("nothing to read: give manifests with -f PATH (or after --), or --cluster")
	}
	inv, errs := rbac.LoadFiles(f.files, source.Options{Stdin: stdin})
	for _, e := range errs {
		fmt.Fprintf(stderr, "error: %s\n", e)
	}
	return rbac.NewPolicy(inv), len(errs) > 0, nil
}

// writeRBAC writes an answer as JSON or a table; partial makes the command
// exit 2 once it is written.
func writeRBAC(w io.Writer, format string, v any, table func(io.Writer) error, partial bool) error {
	var err error
	if format == "json" {
		err = rbac.WriteJSON(w, v)
	} else {
		err = table(w)
	}
	if err != nil {
		return &exitError{code: ExitUsage, err: fmt.Errorf("write: %w", err)}
	}
	if partial {
		return &exitError{code: ExitUsage}
	}
	return nil
}

// clusterClient builds a client from the kubeconfig flags, falling back
// to the in-cluster configuration as kubectl does.
func clusterClient(f rbacFlags) (kubernetes.Interface, error) {
	rules := clientcmd.NewDefaultClientConfigLoadingRules()
	rules.ExplicitPath = f.kubeconfig
	overrides := &clientcmd.ConfigOverrides{CurrentContext: f.context}
	cfg, err := clientcmd.NewNonInteractiveDeferredLoadingClientConfig(rules, overrides).ClientConfig()
	if err != nil {
		return nil, fmt.Errorf("kubeconfig: %w", err)
	}
	cfg.Timeout = f.requestTimeout
	cfg.QPS, cfg.Burst = 50, 100
	return kubernetes.NewForConfig(cfg)
}
