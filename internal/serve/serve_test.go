package serve_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"io"
	"log/slog"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kubeward/kubeward/internal/serve"
)

// writeCert writes a self-signed serving certificate for 127.0.0.1 with
// the given serial number.
func writeCert(t *testing.T, certFile, keyFile string, serial int64) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(serial), Subject: pkix.Name{CommonName: "serve-test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	write := func(file, kind string, der []byte) {
		// Rename into place, as cert-manager's atomic writer does, so the
		// reloader never reads half a file.
		tmp := file + ".tmp"
		if err := os.WriteFile(tmp, pem.EncodeToMemory(&pem.Block{Type: kind, Bytes: der}), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(tmp, file); err != nil {
			t.Fatal(err)
		}
	}
	write(keyFile, "EC PRIVATE KEY", keyDER)
	write(certFile, "CERTIFICATE", der)
}

type testServer struct {
	*serve.Server
	url               string
	certFile, keyFile string
	cancel            context.CancelFunc
	done              chan error
}

// start serves cfg (certificate files made here) with extra handlers on a
// free loopback port until the test ends.
func start(t *testing.T, cfg serve.Config, setup func(*serve.Server)) *testServer {
	t.Helper()
	dir := t.TempDir()
	cfg.Addr, cfg.CertFile, cfg.KeyFile = "127.0.0.1:0", filepath.Join(dir, "tls.crt"), filepath.Join(dir, "tls.key")
	writeCert(t, cfg.CertFile, cfg.KeyFile, 1)
	srv, err := serve.New(cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	if setup != nil {
		setup(srv)
	}
	if err := srv.Listen(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	ts := &testServer{Server: srv, url: "https://" + srv.Addr().String(), certFile: cfg.CertFile, keyFile: cfg.KeyFile,
		cancel: cancel, done: make(chan error, 1)}
	go func() { ts.done <- srv.Serve(ctx) }()
	t.Cleanup(func() { cancel(); <-ts.done })
	return ts
}

func client(tlsCfg *tls.Config) *http.Client {
	if tlsCfg == nil {
		tlsCfg = &tls.Config{}
	}
	tlsCfg.InsecureSkipVerify = true // the test's own self-signed certificate
	return &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{TLSClientConfig: tlsCfg}}
}

func get(t *testing.T, c *http.Client, url string) (int, string) {
	t.Helper()
	resp, err := c.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, strings.TrimSpace(string(b))
}

func TestNewRefusesBadConfig(t *testing.T) {
	dir := t.TempDir()
	cfg := serve.Default()
	for _, tc := range []struct {
		cert, key string
		max       int64
		want      string
	}{
		{"", "", 1, "a serving certificate is required: set --tls-cert-file and --tls-key-file"},
		{"a.crt", "a.key", 0, "--max-request-bytes must be positive, not 0"},
	} {
		cfg.CertFile, cfg.KeyFile, cfg.MaxBodyBytes = tc.cert, tc.key, tc.max
		if _, err := serve.New(cfg, slog.Default()); err == nil || err.Error() != tc.want {
			t.Errorf("New(%q, %q, %d) = %v, want %q", tc.cert, tc.key, tc.max, err, tc.want)
		}
	}
	cfg.CertFile, cfg.KeyFile, cfg.MaxBodyBytes = filepath.Join(dir, "missing.crt"), filepath.Join(dir, "missing.key"), 1
	if _, err := serve.New(cfg, slog.Default()); err == nil || !strings.Contains(err.Error(), "missing.crt") {
		t.Errorf("New with missing files = %v, want an error naming missing.crt", err)
	}
}

func TestEndpointsAndTLSVersion(t *testing.T) {
	var synced atomic.Bool
	ts := start(t, serve.Default(), func(s *serve.Server) {
		s.AddReadyCheck("cache", func() error {
			if !synced.Load() {
				return errors.New("not synced")
			}
			return nil
		})
	})
	c := client(nil)
	if code, body := get(t, c, ts.url+"/healthz"); code != 200 || body != "ok" {
		t.Errorf("/healthz: %d %q", code, body)
	}
	if code, body := get(t, c, ts.url+"/readyz"); code != 503 || body != "not ready: cache: not synced" {
		t.Errorf("/readyz before sync: %d %q", code, body)
	}
	synced.Store(true)
	if code, body := get(t, c, ts.url+"/readyz"); code != 200 || body != "ok" {
		t.Errorf("/readyz after sync: %d %q", code, body)
	}
	if code, body := get(t, c, ts.url+"/metrics"); code != 200 || !strings.Contains(body, "kubeward_tls_certificate_not_after") {
		t.Errorf("/metrics: %d, no certificate expiry gauge in\n%s", code, body)
	}
	old := client(&tls.Config{MaxVersion: tls.VersionTLS11})
	if _, err := old.Get(ts.url + "/healthz"); err == nil {
		t.Error("a TLS 1.1 client was served")
	}
}

func TestBodyLimit(t *testing.T) {
	cfg := serve.Default()
	cfg.MaxBodyBytes = 100
	ts := start(t, cfg, func(s *serve.Server) {
		s.Handle("POST /echo", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			body, err := serve.ReadBody(w, r)
			if errors.Is(err, serve.ErrTooLarge) {
				return
			}
			w.Write(body)
		}))
	})
	c := client(nil)
	const want413 = "request body is larger than the limit of 100 bytes (--max-request-bytes)"
	for _, tc := range []struct {
		name string
		body io.Reader
		code int
		want string
	}{
		{"within the limit", strings.NewReader(strings.Repeat("a", 100)), 200, strings.Repeat("a", 100)},
		{"declared length over the limit", strings.NewReader(strings.Repeat("a", 101)), 413, want413},
		// No Content-Length: the limit stops the read itself.
		{"chunked over the limit", io.MultiReader(strings.NewReader(strings.Repeat("a", 60)), strings.NewReader(strings.Repeat("b", 60))), 413, want413},
	} {
		req, err := http.NewRequest("POST", ts.url+"/echo", tc.body)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := tc.body.(*strings.Reader); !ok {
			req.ContentLength = -1
		}
		resp, err := c.Do(req)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tc.code || strings.TrimSpace(string(b)) != tc.want {
			t.Errorf("%s: %d %q, want %d %q", tc.name, resp.StatusCode, b, tc.code, tc.want)
		}
	}
}

// serial returns the serial number of the certificate a new connection
// is served.
func serial(t *testing.T, addr string) int64 {
	t.Helper()
	conn, err := tls.Dial("tcp", addr, &tls.Config{InsecureSkipVerify: true})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	return conn.ConnectionState().PeerCertificates[0].SerialNumber.Int64()
}

func TestCertificateReload(t *testing.T) {
	cfg := serve.Default()
	cfg.ReloadInterval = 10 * time.Millisecond
	ts := start(t, cfg, nil)
	addr := strings.TrimPrefix(ts.url, "https://")
	if got := serial(t, addr); got != 1 {
		t.Fatalf("serial %d, want 1", got)
	}
	// Files that do not make a pair keep the previous certificate in use.
	if err := os.WriteFile(ts.certFile, []byte("not a certificate"), 0o600); err != nil {
		t.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond)
	if got := serial(t, addr); got != 1 {
		t.Fatalf("after a broken write: serial %d, want 1 still", got)
	}
	writeCert(t, ts.certFile, ts.keyFile, 2)
	deadline := time.Now().Add(10 * time.Second)
	for serial(t, addr) != 2 {
		if time.Now().After(deadline) {
			t.Fatal("the rotated certificate is not served after 10s")
		}
		time.Sleep(10 * time.Millisecond)
	}
	_, metrics := get(t, client(nil), ts.url+"/metrics")
	for _, want := range []string{`kubeward_tls_certificate_reloads_total{result="failure"}`, `kubeward_tls_certificate_reloads_total{result="success"}`} {
		if !strings.Contains(metrics, want) {
			t.Errorf("/metrics has no %s", want)
		}
	}
}

// On shutdown the server reports not ready, then finishes the request in
// flight before Serve returns.
func TestShutdownDrains(t *testing.T) {
	cfg := serve.Default()
	cfg.ShutdownDelay = 200 * time.Millisecond
	entered, release := make(chan struct{}), make(chan struct{})
	ts := start(t, cfg, func(s *serve.Server) {
		s.Handle("GET /slow", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			close(entered)
			<-release
			io.WriteString(w, "done")
		}))
	})
	c := client(nil)
	result := make(chan string, 1)
	go func() {
		resp, err := c.Get(ts.url + "/slow")
		if err != nil {
			result <- err.Error()
			return
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		result <- string(b)
	}()
	<-entered
	ts.cancel()
	time.Sleep(50 * time.Millisecond) // within the shutdown delay
	if code, body := get(t, c, ts.url+"/readyz"); code != 503 || body != "not ready: shutting down" {
		t.Errorf("/readyz while stopping: %d %q", code, body)
	}
	select {
	case err := <-ts.done:
		t.Fatalf("Serve returned with a request in flight: %v", err)
	case <-time.After(400 * time.Millisecond):
	}
	close(release)
	if got := <-result; got != "done" {
		t.Errorf("request in flight got %q, want done", got)
	}
	if err := <-ts.done; err != nil {
		t.Errorf("Serve = %v, want nil after a clean drain", err)
	}
	ts.done <- nil // for the cleanup
}
