package testcluster

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// Options changes how Start runs the control plane. The zero value is the
// standard harness: anonymous auth on (the apiserver's own default), the
// default audit policy, binaries found as described in the package doc.
type Options struct {
	// DisableAnonymousAuth starts the apiserver with --anonymous-auth=false.
	DisableAnonymousAuth bool
	// ExtraAPIServerFlags are added to the apiserver command line, each as
	// "--name=value" (or "--name" for a boolean). A flag named here replaces
	// the harness's flag of the same name instead of being repeated, so list
	// flags such as --enable-admission-plugins take exactly the given value.
	ExtraAPIServerFlags []string
	// AuditPolicy replaces the default audit policy (YAML or JSON of an
	// audit.k8s.io/v1 Policy).
	AuditPolicy []byte
	// BinDir holds kube-apiserver and etcd. Empty means: the directory in
	// KUBEWARD_TESTCLUSTER_BIN, else the one scripts/testcluster-binaries.sh
	// prints.
	BinDir string
	// ReadyTimeout bounds the wait for /readyz. Zero means one minute.
	ReadyTimeout time.Duration
}

// Cluster is a running etcd and kube-apiserver on loopback ports, with its
// certificates, logs and data in one temporary directory.
type Cluster struct {
	dir        string
	host       string // https://127.0.0.1:port
	etcdURL    string // http://127.0.0.1:port, etcd's client URL
	ca         *authority
	admin      keyPair
	auditLog   string
	kubeconfig string
	startup    time.Duration

	etcd      *process
	apiserver *process

	stopOnce sync.Once
	stopErr  error
}

// startAttempts bounds retries after a port picked as free was taken before
// a component could bind it.
const startAttempts = 3

// Start runs etcd and kube-apiserver and returns once the apiserver
// answers /readyz. On failure nothing is left running and the error ends
// with the last lines of the failing component's log.
func Start(ctx context.Context, opts Options) (*Cluster, error) {
	began := time.Now()
	if err := checkExtraFlags(opts.ExtraAPIServerFlags); err != nil {
		return nil, err
	}
	bin := opts.BinDir
	if bin == "" {
		var err error
		if bin, err = findBinaries(ctx); err != nil {
			return nil, &BinariesError{err}
		}
	} else if err := checkBinaries(bin); err != nil {
		return nil, &BinariesError{err}
	}
	dir, err := os.MkdirTemp("", "kubeward-testcluster-")
	if err != nil {
		return nil, err
	}
	c := &Cluster{
		dir:        dir,
		auditLog:   filepath.Join(dir, "audit.log"),
		kubeconfig: filepath.Join(dir, "kubeconfig"),
	}
	live.add(c)
	if err := c.start(ctx, bin, opts); err != nil {
		c.Stop()
		return nil, err
	}
	c.startup = time.Since(began)
	return c, nil
}

func (c *Cluster) start(ctx context.Context, bin string, opts Options) error {
	files, err := c.writeFiles(opts)
	if err != nil {
		return err
	}
	timeout := opts.ReadyTimeout
	if timeout == 0 {
		timeout = time.Minute
	}
	for attempt := 1; ; attempt++ {
		err := c.launch(ctx, bin, files, opts, timeout)
		if err == nil {
			return c.writeKubeconfig()
		}
		var clash *portClashError
		if !errors.As(err, &clash) {
			return err
		}
		if attempt == startAttempts {
			return fmt.Errorf("a port was taken on each of %d attempts: %w", startAttempts, err)
		}
	}
}

// portClashError marks a start that failed only because a port was taken.
type portClashError struct{ err error }

func (e *portClashError) Error() string { return e.err.Error() }
func (e *portClashError) Unwrap() error { return e.err }

// launch starts both components on fresh ports. On failure it stops what it
// started, so the caller may try again.
func (c *Cluster) launch(ctx context.Context, bin string, files pkiFiles, opts Options, timeout time.Duration) error {
	ports, err := freePorts(3)
	if err != nil {
		return err
	}
	etcdClient, etcdPeer, secure := ports[0], ports[1], ports[2]
	dataDir := filepath.Join(c.dir, "etcd-data")
	if err := os.RemoveAll(dataDir); err != nil { // left by a failed attempt
		return err
	}
	c.etcd, err = startProcess("etcd", filepath.Join(bin, etcdBin), filepath.Join(c.dir, "etcd.log"),
		etcdArgs(dataDir, etcdClient, etcdPeer), etcdEnv())
	if err != nil {
		return err
	}
	// The apiserver starts without waiting for etcd: it spends its first
	// half second on its own set-up and retries etcd until it answers,
	// which makes the whole start that much shorter.
	args := mergeFlags(apiserverArgs(files, etcdClient, secure, opts), opts.ExtraAPIServerFlags)
	c.apiserver, err = startProcess("kube-apiserver", filepath.Join(bin, apiserverBin),
		filepath.Join(c.dir, "kube-apiserver.log"), args, os.Environ())
	if err != nil {
		c.stopProcesses()
		return err
	}
	c.host = "https://" + hostPort(secure)
	c.etcdURL = "http://" + hostPort(etcdClient)
	// etcd first, so that an etcd failure is reported as such and not as
	// an apiserver that never became ready.
	if err := waitReady(ctx, c.etcd, timeout, etcdHealthy(etcdClient)); err != nil {
		c.stopProcesses()
		return err
	}
	if err := waitReady(ctx, c.apiserver, timeout, c.apiserverReady()); err != nil {
		c.stopProcesses()
		return err
	}
	return nil
}

// waitReady polls ready until it reports true, the process exits, ctx ends
// or timeout passes.
func waitReady(ctx context.Context, p *process, timeout time.Duration, ready func(context.Context) bool) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		if ready(ctx) {
			return nil
		}
		if p.exited() {
			err := p.exitError()
			if p.portClash() {
				return &portClashError{err}
			}
			return err
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%s not ready: %w; last lines of its log:\n%s", p.name, ctx.Err(), tail(p.logPath, 30))
		case <-tick.C:
		}
	}
}

// Stop stops the apiserver, then etcd (an apiserver whose etcd is gone
// hangs retrying instead of exiting), and removes the directory. Each gets
// SIGTERM and is killed if it has not exited 5 s later. Calling Stop again
// does nothing and returns the first call's result.
func (c *Cluster) Stop() error {
	c.stopOnce.Do(func() {
		c.stopProcesses()
		c.stopErr = os.RemoveAll(c.dir)
		live.remove(c)
	})
	return c.stopErr
}

func (c *Cluster) stopProcesses() {
	c.apiserver.stop()
	c.etcd.stop()
}

// Dir is the directory holding the certificates, logs and etcd data.
func (c *Cluster) Dir() string { return c.dir }

// Host is the apiserver's URL, https://127.0.0.1:<port>.
func (c *Cluster) Host() string { return c.host }

// EtcdURL is etcd's client URL, http://127.0.0.1:<port>: plain HTTP on
// loopback with no client authentication, as the harness runs it.
func (c *Cluster) EtcdURL() string { return c.etcdURL }

// AuditLogPath is the apiserver's audit log: JSON lines, one
// audit.k8s.io/v1 Event each.
func (c *Cluster) AuditLogPath() string { return c.auditLog }

// APIServerLogPath is the file kube-apiserver writes its output to.
func (c *Cluster) APIServerLogPath() string { return filepath.Join(c.dir, "kube-apiserver.log") }

// Kubeconfig is the path of a kubeconfig whose current context is the
// cluster admin (a client certificate in system:masters).
func (c *Cluster) Kubeconfig() string { return c.kubeconfig }

// CAPEM is the PEM of the CA that signed the apiserver's serving
// certificate, every client certificate and every ServingCert.
func (c *Cluster) CAPEM() []byte { return c.ca.certPEM }

// StartupTime is how long Start took, from finding the binaries to a ready
// apiserver.
func (c *Cluster) StartupTime() time.Duration { return c.startup }

// live holds every cluster started and not yet stopped in this process, so
// that Main's signal handler can stop the ones tests started too.
var live = &clusterSet{m: map[*Cluster]bool{}}

type clusterSet struct {
	mu sync.Mutex
	m  map[*Cluster]bool
}

func (s *clusterSet) add(c *Cluster) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[c] = true
}

func (s *clusterSet) remove(c *Cluster) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.m, c)
}

// stopAll stops every live cluster, side by side: each may wait out its
// 5 s grace period.
func (s *clusterSet) stopAll() {
	s.mu.Lock()
	all := make([]*Cluster, 0, len(s.m))
	for c := range s.m {
		all = append(all, c)
	}
	s.mu.Unlock()
	var wg sync.WaitGroup
	for _, c := range all {
		wg.Go(func() { c.Stop() })
	}
	wg.Wait()
}
