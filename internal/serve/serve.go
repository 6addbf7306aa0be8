// Package serve is the HTTPS plumbing kubeward's webhook servers share:
// TLS 1.2+ from certificate files that are reloaded when they change,
// /healthz, /readyz and /metrics, a request body limit, and a shutdown
// that drains the requests in flight. What a server answers on its own
// paths is the caller's (internal/admission for the validating webhook).
package serve

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/spf13/pflag"
)

// Config is what a server is started with. Default returns the values the
// flags default to.
type Config struct {
	Addr     string // host:port to listen on
	CertFile string // PEM certificate chain, leaf first
	KeyFile  string // PEM private key
	// ReloadInterval is how often the certificate files are checked for a
	// change (cert-manager rewrites them in place before they expire).
	ReloadInterval time.Duration
	// MaxBodyBytes bounds a request body; a larger one is refused with
	// 413 before the handler reads it.
	MaxBodyBytes int64
	// ShutdownDelay is how long the server keeps serving, unready, after
	// it is told to stop, so that load balancers and the API server's
	// endpoints stop sending to it first.
	ShutdownDelay time.Duration
	// ShutdownTimeout bounds the wait for requests in flight to finish.
	ShutdownTimeout time.Duration
}

// Default is the configuration the flags start from.
func Default() Config {
	return Config{
		Addr:            ":8443",
		ReloadInterval:  5 * time.Second,
		MaxBodyBytes:    8 << 20,
		ShutdownTimeout: 20 * time.Second,
	}
}

// Flags registers the server's flags on fs with c's values as defaults.
func (c *Config) Flags(fs *pflag.FlagSet) {
	fs.StringVar(&c.Addr, "listen", c.Addr, "address to serve HTTPS on")
	fs.StringVar(&c.CertFile, "tls-cert-file", c.CertFile, "PEM serving certificate (chain), reloaded when the file changes")
	fs.StringVar(&c.KeyFile, "tls-key-file", c.KeyFile, "PEM private key of the serving certificate")
	fs.DurationVar(&c.ReloadInterval, "tls-reload-interval", c.ReloadInterval, "how often the certificate files are checked for changes")
	fs.Int64Var(&c.MaxBodyBytes, "max-request-bytes", c.MaxBodyBytes, "largest request body accepted; larger ones get 413")
	fs.DurationVar(&c.ShutdownDelay, "shutdown-delay", c.ShutdownDelay, "on SIGTERM, keep serving (reporting not ready) this long before draining")
	fs.DurationVar(&c.ShutdownTimeout, "shutdown-timeout", c.ShutdownTimeout, "on SIGTERM, wait at most this long for requests in flight")
}

// Server is one HTTPS server. Build it with New, add handlers and
// readiness checks, then Listen and Serve.
type Server struct {
	cfg      Config
	log      *slog.Logger
	certs    *certReloader
	mux      *http.ServeMux
	http     *http.Server
	ln       net.Listener
	ready    []readyCheck
	stopping atomic.Bool
	// Registry holds the server's metrics; callers register theirs here
	// so that /metrics shows them all.
	Registry *prometheus.Registry
}

// New loads the certificate (failing when it cannot be read, so a broken
// deployment stops at start-up) and prepares the standard endpoints.
func New(cfg Config, log *slog.Logger) (*Server, error) {
	if cfg.CertFile == "" || cfg.KeyFile == "" {
		return nil, errors.New("a serving certificate is required: set --tls-cert-file and --tls-key-file")
	}
	if cfg.MaxBodyBytes <= 0 {
		return nil, fmt.Errorf("--max-request-bytes must be positive, not %d", cfg.MaxBodyBytes)
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	certs, err := newCertReloader(cfg.CertFile, cfg.KeyFile, log, reg)
	if err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, log: log, certs: certs, mux: http.NewServeMux(), Registry: reg}
	s.mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { fmt.Fprintln(w, "ok") })
	s.mux.HandleFunc("GET /readyz", s.serveReady)
	s.mux.Handle("GET /metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{Registry: reg}))
	s.http = &http.Server{
		Handler: limitBody(s.mux, cfg.MaxBodyBytes),
		TLSConfig: &tls.Config{
			MinVersion:     tls.VersionTLS12,
			GetCertificate: certs.GetCertificate,
		},
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		// The API server keeps connections to webhooks open; a long idle
		// timeout saves it a TLS handshake per request.
		IdleTimeout: 2 * time.Minute,
		ErrorLog:    slog.NewLogLogger(log.Handler(), slog.LevelDebug),
	}
	return s, nil
}

// Handle serves pattern (net/http ServeMux syntax) with h.
func (s *Server) Handle(pattern string, h http.Handler) { s.mux.Handle(pattern, h) }

// Listen binds the address; with port 0 the kernel picks one, which Addr
// then tells.
func (s *Server) Listen() error {
	ln, err := net.Listen("tcp", s.cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", s.cfg.Addr, err)
	}
	s.ln = ln
	return nil
}

// Addr is the address the server listens on, once Listen returned.
func (s *Server) Addr() net.Addr { return s.ln.Addr() }

// Serve answers requests until ctx ends, then stops: it reports not ready,
// waits ShutdownDelay, stops accepting connections and waits for the
// requests in flight (at most ShutdownTimeout). It returns nil after a
// clean drain.
func (s *Server) Serve(ctx context.Context) error {
	if s.ln == nil {
		if err := s.Listen(); err != nil {
			return err
		}
	}
	watchCtx, stopWatch := context.WithCancel(context.Background())
	defer stopWatch()
	go s.certs.watch(watchCtx, s.cfg.ReloadInterval)

	served := make(chan error, 1)
	go func() { served <- s.http.ServeTLS(s.ln, "", "") }()
	s.log.Info("serving", "addr", s.ln.Addr().String())
	select {
	case err := <-served:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	s.stopping.Store(true)
	s.log.Info("shutting down", "delay", s.cfg.ShutdownDelay, "timeout", s.cfg.ShutdownTimeout)
	time.Sleep(s.cfg.ShutdownDelay)
	sctx, cancel := context.WithTimeout(context.Background(), s.cfg.ShutdownTimeout)
	defer cancel()
	if err := s.http.Shutdown(sctx); err != nil {
		return fmt.Errorf("drain requests in flight: %w", err)
	}
	<-served // ErrServerClosed
	s.log.Info("stopped")
	return nil
}
