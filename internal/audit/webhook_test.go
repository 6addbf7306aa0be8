package audit

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/pem"
	"fmt"
	"log/slog"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/config"
	"github.com/kubeward/kubeward/internal/serve"
	"github.com/kubeward/kubeward/internal/testcluster"
)

// selfSigned makes a certificate for 127.0.0.1 that is its own CA: the
// API server must trust the backend before the test cluster (and its CA)
// exists, since the webhook configuration is a start-up flag.
func selfSigned(t *testing.T, dir string) (certFile, keyFile string, certPEM []byte) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "kubeward-audit-test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kder, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	certPEM = pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	certFile, keyFile = filepath.Join(dir, "tls.crt"), filepath.Join(dir, "tls.key")
	writeTestFile(t, certFile, certPEM)
	writeTestFile(t, keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kder}))
	return certFile, keyFile, certPEM
}

func writeTestFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

// findingSink collects findings from a goroutine.
type findingSink struct {
	mu sync.Mutex
	fs []check.Finding
}

func (s *findingSink) add(f check.Finding) { s.mu.Lock(); s.fs = append(s.fs, f); s.mu.Unlock() }
func (s *findingSink) all() []check.Finding {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.fs)
}

// agreed is a finding as both paths must report it: check, message and
// the audit IDs it rests on.
func agreed(fs []check.Finding, s scenario) []string {
	var out []string
	for _, f := range fs {
		if !slices.Contains(s.mine([]check.Finding{f}), f.Check+": "+f.Message) {
			continue
		}
		var ids []string
		for _, e := range f.Evidence {
			ids = append(ids, e.Setting)
		}
		out = append(out, fmt.Sprintf("%s: %s %v", f.Check, f.Message, ids))
	}
	slices.Sort(out)
	return out
}

// TestWebhookBackendAgreesWithLog runs the scenario against an API server
// that writes its audit log and also sends every event to the backend
// over its audit webhook: both yield the same findings, resting on the
// same audit IDs.
func TestWebhookBackendAgreesWithLog(t *testing.T) {
	dir := t.TempDir()
	certFile, keyFile, caPEM := selfSigned(t, dir)
	cfg := serve.Default()
	cfg.Addr, cfg.CertFile, cfg.KeyFile = "127.0.0.1:0", certFile, keyFile
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	srv, err := serve.New(cfg, log)
	if err != nil {
		t.Fatal(err)
	}
	var sink findingSink
	var backend *Backend
	engine := NewEngine(NewSettings(config.Audit{}), check.Options{}, func(f check.Finding) { backend.CountFinding(f); sink.add(f) })
	backend = NewBackend(engine, 10000, srv.Registry, log)
	srv.Handle("POST /audit", backend)
	if err := srv.Listen(); err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	go backend.Run(ctx)
	go srv.Serve(ctx)

	kubeconfig := fmt.Sprintf(`apiVersion: v1
kind: Config
clusters:
- name: kubeward
  cluster:
    server: https://%s/audit
    certificate-authority-data: %s
contexts:
- name: default
  context: {cluster: kubeward, user: apiserver}
current-context: default
users:
- name: apiserver
  user: {}
`, srv.Addr(), b64(caPEM))
	webhookConfig := filepath.Join(dir, "audit-webhook.kubeconfig")
	writeTestFile(t, webhookConfig, []byte(kubeconfig))
	c, err := testcluster.Start(ctx, testcluster.Options{ExtraAPIServerFlags: []string{
		"--audit-webhook-config-file=" + webhookConfig,
		"--audit-webhook-batch-max-wait=200ms",
	}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			if data, err := os.ReadFile(c.APIServerLogPath()); err == nil {
				for _, l := range strings.Split(string(data), "\n") {
					if strings.Contains(l, "webhook") {
						t.Log(l)
					}
				}
			}
		}
		c.Stop()
	})

	ns := c.Namespace(t)
	s := play(t, c, ns)
	fromLog := waitFindings(t, c.AuditLogPath(), s)
	deadline := time.Now().Add(15 * time.Second)
	for len(s.mine(sink.all())) < len(s.want()) && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	fromHook := sink.all()
	if mfs, err := srv.Registry.Gather(); err == nil && t.Failed() {
		for _, mf := range mfs {
			if strings.HasPrefix(mf.GetName(), "kubeward_audit_") {
				for _, m := range mf.GetMetric() {
					t.Logf("%s %v %v %v", mf.GetName(), m.GetLabel(), m.GetCounter().GetValue(), m.GetGauge().GetValue())
				}
			}
		}
	}
	if got, want := s.mine(fromHook), s.want(); !slices.Equal(got, want) {
		t.Errorf("webhook findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if a, b := agreed(fromLog, s), agreed(fromHook, s); !slices.Equal(a, b) || len(a) != len(s.want()) {
		t.Errorf("log and webhook disagree:\nlog:\n%s\nwebhook:\n%s", strings.Join(a, "\n"), strings.Join(b, "\n"))
	}
	for _, f := range append(fromLog, fromHook...) {
		if len(s.mine([]check.Finding{f})) == 0 {
			t.Errorf("unexpected finding: %s: %s", f.Check, f.Message)
		}
	}
	// Webhook findings have no file; they are located by request URI.
	for _, f := range fromHook {
		if f.Location.File != "" || f.Location.Object == "" {
			t.Errorf("webhook finding location %+v", f.Location)
		}
	}
}

func b64(b []byte) string { return base64.StdEncoding.EncodeToString(b) }
