package cluster

import (
	"fmt"
	"os"
	"time"

	"github.com/spf13/pflag"
	"k8s.io/client-go/discovery"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
)

// Options say how to reach a cluster, with kubectl's flag names and
// meanings. The zero value uses $KUBECONFIG or ~/.kube/config and its
// current context, or the in-cluster configuration inside a pod.
type Options struct {
	Kubeconfig     string        // --kubeconfig
	Context        string        // --context
	RequestTimeout time.Duration // --request-timeout; 0 waits as long as the server takes
	// PageSize is the limit of each list request (default 500).
	PageSize int64
	// Concurrency bounds the list requests in flight (default 4).
	Concurrency int
}

// Flags registers --kubeconfig, --context and --request-timeout. The
// namespace flag is left to the command: `scan` already had --namespace
// for Helm rendering.
func (o *Options) Flags(fs *pflag.FlagSet) {
	fs.StringVar(&o.Kubeconfig, "kubeconfig", "", "kubeconfig file (default: $KUBECONFIG, then ~/.kube/config, then the in-cluster configuration)")
	fs.StringVar(&o.Context, "context", "", "kubeconfig context to use (default: the current context)")
	fs.DurationVar(&o.RequestTimeout, "request-timeout", 0, "timeout of each request to the API server, e.g. 30s (default: none)")
}

// Client reads one cluster.
type Client struct {
	// Name identifies the cluster in findings: the kubeconfig context, or
	// "in-cluster".
	Name   string
	Config *rest.Config
	disc   *discovery.DiscoveryClient
	opts   Options
}

// InClusterName is the cluster name of a client using the pod's service
// account.
const InClusterName = "in-cluster"

// Connect builds a client from the options. Nothing is sent to the server
// yet.
func Connect(o Options) (*Client, error) {
	cfg, name, err := o.restConfig()
	if err != nil {
		return nil, err
	}
	return NewClient(cfg, name, o)
}

// NewClient builds a client from a ready configuration (tests and callers
// that made their own); name is the cluster name findings carry.
func NewClient(cfg *rest.Config, name string, o Options) (*Client, error) {
	cfg = rest.CopyConfig(cfg)
	if o.RequestTimeout > 0 {
		cfg.Timeout = o.RequestTimeout
	}
	// A scan sends a few dozen requests; client-go's default of 5 per
	// second would make it wait for nothing.
	if cfg.QPS == 0 {
		cfg.QPS, cfg.Burst = 50, 100
	}
	if cfg.UserAgent == "" {
		cfg.UserAgent = "kubeward"
	}
	disc, err := discovery.NewDiscoveryClientForConfig(cfg)
	if err != nil {
		return nil, fmt.Errorf("cluster client: %w", err)
	}
	if o.PageSize <= 0 {
		o.PageSize = 500
	}
	if o.Concurrency <= 0 {
		o.Concurrency = 4
	}
	return &Client{Name: name, Config: cfg, disc: disc, opts: o}, nil
}

// restConfig resolves the configuration as kubectl does; inside a pod with
// no kubeconfig anywhere it uses the pod's service account.
func (o Options) restConfig() (*rest.Config, string, error) {
	rules := clientcmd.NewDefaultClientConfigLoadingRules()
	rules.ExplicitPath = o.Kubeconfig
	if o.Kubeconfig == "" && os.Getenv("KUBERNETES_SERVICE_HOST") != "" && !anyFileExists(rules.Precedence) {
		cfg, err := rest.InClusterConfig()
		if err != nil {
			return nil, "", fmt.Errorf("in-cluster configuration: %w", err)
		}
		return cfg, InClusterName, nil
	}
	loader := clientcmd.NewNonInteractiveDeferredLoadingClientConfig(rules, &clientcmd.ConfigOverrides{CurrentContext: o.Context})
	raw, err := loader.RawConfig()
	if err != nil {
		return nil, "", fmt.Errorf("load kubeconfig: %w", err)
	}
	cfg, err := loader.ClientConfig()
	if err != nil {
		if clientcmd.IsEmptyConfig(err) {
			return nil, "", fmt.Errorf("no kubeconfig found: pass --kubeconfig, set KUBECONFIG, or create ~/.kube/config")
		}
		return nil, "", fmt.Errorf("load kubeconfig: %w", err)
	}
	name := o.Context
	if name == "" {
		name = raw.CurrentContext
	}
	return cfg, name, nil
}

func anyFileExists(paths []string) bool {
	for _, p := range paths {
		if _, err := os.Stat(p); err == nil {
			return true
		}
	}
	return false
}
