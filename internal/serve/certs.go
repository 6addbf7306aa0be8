package serve

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"log/slog"
	"os"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// certReloader serves the certificate in a pair of files and swaps in a
// new one when the files change, without a restart. cert-manager (and a
// kubelet updating a Secret volume) replace the files while the server
// runs; between writing the certificate and the key the pair does not
// match, so a pair that does not load keeps the previous certificate in
// service and is tried again at the next check.
type certReloader struct {
	certFile, keyFile string
	log               *slog.Logger
	cert              atomic.Pointer[tls.Certificate]
	loaded            fileStamp // the files' state when cert was read
	lastErr           string

	reloads  *prometheus.CounterVec
	notAfter prometheus.Gauge
}

// fileStamp tells whether a file changed: a Secret volume swaps a symlink,
// which changes the modification time and usually the size seen through
// the path.
type fileStamp struct {
	certMod, keyMod   time.Time
	certSize, keySize int64
}

func newCertReloader(certFile, keyFile string, log *slog.Logger, reg prometheus.Registerer) (*certReloader, error) {
	c := &certReloader{
		certFile: certFile, keyFile: keyFile, log: log,
		reloads: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "kubeward_tls_certificate_reloads_total",
			Help: "Reloads of the serving certificate after its files changed, by result (success, failure).",
		}, []string{"result"}),
		notAfter: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "kubeward_tls_certificate_not_after_seconds",
			Help: "Expiry of the serving certificate in use, as a Unix time.",
		}),
	}
	reg.MustRegister(c.reloads, c.notAfter)
	stamp, err := c.stamp()
	if err != nil {
		return nil, err
	}
	if err := c.load(stamp); err != nil {
		return nil, err
	}
	return c, nil
}

// GetCertificate is the tls.Config hook: the newest good certificate.
func (c *certReloader) GetCertificate(*tls.ClientHelloInfo) (*tls.Certificate, error) {
	return c.cert.Load(), nil
}

func (c *certReloader) stamp() (fileStamp, error) {
	ci, err := os.Stat(c.certFile)
	if err != nil {
		return fileStamp{}, fmt.Errorf("serving certificate: %w", err)
	}
	ki, err := os.Stat(c.keyFile)
	if err != nil {
		return fileStamp{}, fmt.Errorf("serving certificate key: %w", err)
	}
	return fileStamp{ci.ModTime(), ki.ModTime(), ci.Size(), ki.Size()}, nil
}

func (c *certReloader) load(stamp fileStamp) error {
	pair, err := tls.LoadX509KeyPair(c.certFile, c.keyFile)
	if err != nil {
		return fmt.Errorf("load serving certificate %s with key %s: %w", c.certFile, c.keyFile, err)
	}
	leaf, err := x509.ParseCertificate(pair.Certificate[0])
	if err != nil {
		return fmt.Errorf("parse serving certificate %s: %w", c.certFile, err)
	}
	pair.Leaf = leaf
	c.cert.Store(&pair)
	c.loaded = stamp
	c.notAfter.Set(float64(leaf.NotAfter.Unix()))
	return nil
}

// watch checks the files every interval until ctx ends.
func (c *certReloader) watch(ctx context.Context, interval time.Duration) {
	if interval <= 0 {
		return
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			c.check()
		}
	}
}

// check reloads the pair when either file changed since it was loaded.
func (c *certReloader) check() {
	stamp, err := c.stamp()
	if err == nil && stamp == c.loaded {
		return
	}
	if err == nil {
		err = c.load(stamp)
	}
	if err != nil {
		c.reloads.WithLabelValues("failure").Inc()
		if msg := err.Error(); msg != c.lastErr { // once per distinct problem, not per tick
			c.log.Warn("serving certificate not reloaded; the previous one stays in use", "error", msg)
			c.lastErr = msg
		}
		return
	}
	c.lastErr = ""
	c.reloads.WithLabelValues("success").Inc()
	leaf := c.cert.Load().Leaf
	c.log.Info("serving certificate reloaded", "subject", leaf.Subject.String(), "notAfter", leaf.NotAfter, "serial", leaf.SerialNumber.String())
}
