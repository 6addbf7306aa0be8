package probe

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
	"github.com/kubeward/kubeward/internal/vuln"
)

// Options say what to probe and how hard.
type Options struct {
	Targets []Target
	// Ports are tried on targets named without a port; nil means
	// DefaultPorts (plus the NodePort range with NodePorts).
	Ports     []int
	NodePorts bool
	// Concurrency bounds the connections in flight (default 128).
	Concurrency int
	// Timeout bounds each connection attempt and each request (default 2 s).
	Timeout time.Duration
	// Deadline bounds the whole run (default 5 min); what is left when it
	// passes is reported as not evaluated.
	Deadline time.Duration
	// Token is a bearer token to probe the API server with as well.
	Token string
	// Namespaces are listed one by one besides the cluster-wide lists, and
	// asked about with SelfSubjectRulesReview (default: default).
	Namespaces []string
	// Active runs the probes that create and delete objects.
	Active bool
	// Pod, when set, runs the in-pod probes.
	Pod *PodOptions
	// CVE is the data disclosed versions are judged against; nil skips it.
	CVE *vuln.DB
	Now time.Time
	// Progress, when set, receives a progress line (a terminal).
	Progress io.Writer
}

// Result is what a run found.
type Result struct {
	Findings []check.Finding
	Services []*Service
	// Tried counts the endpoints connected to.
	Tried int
}

// disclosed is a version a service gave away, for the CVE data.
type disclosed struct {
	ref       kube.Ref
	component string
	version   string
	request   string
}

type runner struct {
	opts     Options
	mu       sync.Mutex
	versions []disclosed
}

// Run probes the targets and returns the findings, sorted.
func Run(ctx context.Context, opts Options) (*Result, error) {
	opts = withDefaults(opts)
	ctx, cancel := context.WithTimeout(ctx, opts.Deadline)
	defer cancel()
	r := &runner{opts: opts}
	eps := r.endpoints()
	res := &Result{Tried: len(eps)}

	var done atomic.Int64
	stop := startProgress(opts.Progress, "connect", int64(len(eps)), &done)
	open := connectScan(ctx, eps, opts.Concurrency, opts.Timeout, &done)
	stop()
	slog.Debug("connect scan done", "endpoints", len(eps), "open", len(open))
	res.Findings = append(res.Findings, r.closedNamed(eps, open)...)
	res.Findings = append(res.Findings, r.unprobed()...)

	services := make([]*Service, len(open))
	findings := make([][]check.Finding, len(open))
	var probed atomic.Int64
	stop = startProgress(opts.Progress, "probe", int64(len(open)), &probed)
	var wg sync.WaitGroup
	sem := make(chan struct{}, min(opts.Concurrency, 32))
	for i, ep := range open {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem; probed.Add(1) }()
			if ctx.Err() != nil {
				return
			}
			s := identify(ctx, ep, opts.Timeout)
			services[i] = s
			findings[i] = r.probe(ctx, s)
			if s.client != nil {
				s.client.close()
			}
		})
	}
	wg.Wait()
	stop()
	for i, s := range services {
		if s == nil {
			res.Findings = append(res.Findings, newFinding(ProbeError, EndpointRef(open[i].Host, open[i].Port), check.StatusNotEvaluated,
				fmt.Sprintf("the run's deadline (%s) passed before this open endpoint was probed", opts.Deadline)))
			continue
		}
		res.Services = append(res.Services, s)
		res.Findings = append(res.Findings, findings[i]...)
	}
	if opts.Pod != nil {
		res.Findings = append(res.Findings, r.probePod(ctx)...)
	}
	if opts.Active {
		for _, s := range res.Services {
			if s.Kind == KindAPIServer && s.Err == "" {
				res.Findings = append(res.Findings, r.active(ctx, s)...)
			}
		}
	}
	res.Findings = append(res.Findings, r.cves()...)
	slices.SortStableFunc(res.Findings, func(a, b check.Finding) int {
		return cmp.Or(cmp.Compare(a.Object.Name, b.Object.Name), cmp.Compare(a.Check, b.Check), cmp.Compare(a.Path, b.Path), cmp.Compare(a.Message, b.Message))
	})
	return res, nil
}

func withDefaults(o Options) Options {
	if o.Concurrency <= 0 {
		o.Concurrency = 128
	}
	if o.Timeout <= 0 {
		o.Timeout = 2 * time.Second
	}
	if o.Deadline <= 0 {
		o.Deadline = 5 * time.Minute
	}
	if o.Ports == nil {
		o.Ports = slices.Clone(DefaultPorts)
		if o.NodePorts {
			for p := NodePortFirst; p <= NodePortLast; p++ {
				o.Ports = append(o.Ports, p)
			}
		}
	}
	if o.Namespaces == nil {
		o.Namespaces = []string{"default"}
	}
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	return o
}

// endpoints lists every host:port to connect to, without duplicates.
func (r *runner) endpoints() []endpoint {
	seen := map[string]bool{}
	var out []endpoint
	add := func(e endpoint) {
		if !seen[e.addr()] {
			seen[e.addr()] = true
			out = append(out, e)
		}
	}
	for _, t := range r.opts.Targets {
		if t.Unprobed != "" {
			continue
		}
		if t.Port != 0 {
			add(endpoint{Host: t.Host, Port: t.Port, Kind: Kind(t.Kind)})
			continue
		}
		for _, p := range r.opts.Ports {
			add(endpoint{Host: t.Host, Port: p})
		}
	}
	return out
}

// closedNamed reports the endpoints the user named with a port that did
// not accept a connection: nothing there was evaluated.
func (r *runner) closedNamed(eps, open []endpoint) []check.Finding {
	isOpen := map[string]bool{}
	for _, e := range open {
		isOpen[e.addr()] = true
	}
	named := map[string]bool{}
	for _, t := range r.opts.Targets {
		if t.Port != 0 {
			named[endpoint{Host: t.Host, Port: t.Port}.addr()] = true
		}
	}
	var out []check.Finding
	for _, e := range eps {
		if named[e.addr()] && !isOpen[e.addr()] {
			out = append(out, newFinding(ProbeError, EndpointRef(e.Host, e.Port), check.StatusNotEvaluated,
				fmt.Sprintf("nothing accepted a TCP connection on %s within %s; nothing was probed there", e.addr(), r.opts.Timeout),
				check.Evidence{Source: "tcp", Setting: "connect " + e.addr(), Value: "closed or filtered"}))
		}
	}
	return out
}

// unprobed reports the targets that could not be probed at all (a node
// without an address): not evaluated, never left out.
func (r *runner) unprobed() []check.Finding {
	var out []check.Finding
	for _, t := range r.opts.Targets {
		if t.Unprobed == "" {
			continue
		}
		ref := kube.Ref{APIVersion: "v1", Kind: "Node", Name: t.Node}
		out = append(out, newFinding(ProbeError, ref, check.StatusNotEvaluated,
			fmt.Sprintf("node %s has no address to probe: %s; its kubelet and other ports were not evaluated", t.Node, t.Unprobed),
			check.Evidence{Source: "api", Setting: "nodes/" + t.Node + " status.addresses", Value: t.Unprobed}))
	}
	return out
}

// probe records the service and runs the passive probes of its kind.
func (r *runner) probe(ctx context.Context, s *Service) []check.Finding {
	ref := s.Ref()
	if s.Err != "" {
		return []check.Finding{errorf(ProbeError, ref, s.Evidence, "%s (%s); what it exposes was not evaluated", s.Err, s.Kind)}
	}
	out := []check.Finding{passf(ServiceFound, ref, s.Evidence, "%s", s.describe())}
	// Certificates are judged by the clock, not by --as-of, which moves
	// only the Kubernetes support window.
	out = append(out, certFindings(s, time.Now())...)
	switch s.Kind {
	case KindAPIServer:
		out = append(out, r.probeAPIServer(ctx, s)...)
	case KindKubectlProxy:
		out = append(out, r.probeKubectlProxy(ctx, s)...)
	case KindKubelet:
		out = append(out, r.probeKubelet(ctx, s)...)
	case KindKubeletReadOnly:
		out = append(out, r.probeReadOnly(ctx, s)...)
	case KindEtcd, KindEtcdPeer:
		out = append(out, r.probeEtcd(ctx, s)...)
	case KindControllerManager:
		out = append(out, r.probeSecurePort(ctx, s, ControllerManager)...)
	case KindScheduler:
		out = append(out, r.probeSecurePort(ctx, s, Scheduler)...)
	case KindKubeProxy, KindMetrics:
		out = append(out, r.probeMetrics(ctx, s)...)
	case KindDashboard:
		out = append(out, r.probeDashboard(ctx, s)...)
	}
	return out
}

func (s *Service) describe() string {
	msg := fmt.Sprintf("%s answers on %s", s.Kind, s.addr())
	switch {
	case s.Handshake.CertRequired:
		msg += " over TLS and requires a client certificate"
	case s.Scheme == "https":
		msg += " over TLS"
	default:
		msg += " over plain HTTP"
	}
	if s.Version != "" {
		msg += ", version " + s.Version
	}
	return msg
}

// cves judges every disclosed version against the CVE data, on the
// endpoint that disclosed it.
func (r *runner) cves() []check.Finding {
	if r.opts.CVE == nil || len(r.versions) == 0 {
		return nil
	}
	var cs []vuln.Component
	for _, d := range r.versions {
		cs = append(cs, vuln.Component{Name: d.component, Version: d.version,
			Where: vuln.Where{Object: d.ref, Field: d.request, Source: "http"}})
	}
	return vuln.Assess(cs, r.opts.Now, r.opts.CVE)
}

func (r *runner) disclose(d disclosed) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.versions = append(r.versions, d)
}
