package probe_test

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/kubeward/kubeward/internal/probe"
	"github.com/kubeward/kubeward/internal/testcluster"
)

func TestEtcdPlainHTTP(t *testing.T) {
	t.Parallel()
	c := testcluster.Get(t)
	tgt := target(t, c.EtcdURL())
	res := run(t, probe.Options{}, tgt)
	wantSummary(t, res.Findings, "probe-service pass", "probe-etcd-plain-http fail", "probe-etcd-version fail", "probe-etcd-reads fail")
	f := one(t, res.Findings, "probe-etcd-plain-http")
	if want := fmt.Sprintf("etcd client port: GET %s/version answered 200 OK over plain HTTP", c.EtcdURL()); f.Message != want {
		t.Errorf("plain HTTP: %q, want %q", f.Message, want)
	}
	r := one(t, res.Findings, "probe-etcd-reads")
	if !strings.HasPrefix(r.Message, fmt.Sprintf("POST %s/v3/kv/range answered 200 OK: a count-only range over the whole key space succeeded without credentials (", c.EtcdURL())) {
		t.Errorf("reads: %q", r.Message)
	}
	if v := one(t, res.Findings, "probe-etcd-version"); !strings.HasSuffix(v.Message, "with etcdserver 3.7.0") {
		t.Errorf("version: %q", v.Message)
	}
}

// TestEtcdClientCertTLS starts a second etcd from the harness's binaries,
// serving TLS with --client-cert-auth and the cluster CA: the probe must
// report it as protected, and a client with a certificate must get in
// (so the refusal is the certificate's doing).
func TestEtcdClientCertTLS(t *testing.T) {
	t.Parallel()
	c := testcluster.Get(t)
	addr := startTLSEtcd(t, c)
	res := run(t, probe.Options{}, probe.Target{Host: "127.0.0.1", Port: addr.Port, Kind: "etcd"})
	wantSummary(t, res.Findings, "probe-service pass", "probe-etcd-no-client-cert pass")
	f := one(t, res.Findings, "probe-etcd-no-client-cert")
	want := fmt.Sprintf("etcd client port %s refused a TLS client without a certificate (tls: certificate required): client-certificate authentication is on", addr)
	if f.Message != want {
		t.Errorf("got %q, want %q", f.Message, want)
	}

	// Identified without the kind:// hint too, as an unknown TLS service
	// that requires a client certificate.
	res = run(t, probe.Options{}, probe.Target{Host: "127.0.0.1", Port: addr.Port})
	wantSummary(t, res.Findings, "probe-service pass")
	if s := one(t, res.Findings, "probe-service"); !strings.Contains(s.Message, "requires a client certificate") {
		t.Errorf("service: %q", s.Message)
	}
}

func startTLSEtcd(t *testing.T, c *testcluster.Cluster) *net.TCPAddr {
	t.Helper()
	dir := t.TempDir()
	certPEM, keyPEM, err := c.ServingCert("127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{"ca.crt": c.CAPEM(), "server.crt": certPEM, "server.key": keyPEM}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	client, peer := freePort(t), freePort(t)
	clientURL, peerURL := "https://127.0.0.1:"+strconv.Itoa(client), "http://127.0.0.1:"+strconv.Itoa(peer)
	cmd := exec.Command(filepath.Join(binDir(t), "etcd"),
		"--name=tls", "--data-dir="+filepath.Join(dir, "data"), "--unsafe-no-fsync",
		"--listen-client-urls="+clientURL, "--advertise-client-urls="+clientURL,
		"--listen-peer-urls="+peerURL, "--initial-advertise-peer-urls="+peerURL, "--initial-cluster=tls="+peerURL,
		"--cert-file="+filepath.Join(dir, "server.crt"), "--key-file="+filepath.Join(dir, "server.key"),
		"--client-cert-auth", "--trusted-ca-file="+filepath.Join(dir, "ca.crt"))
	log, err := os.Create(filepath.Join(dir, "etcd.log"))
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout, cmd.Stderr = log, log
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })

	// Ready when a client with a certificate gets /version.
	adminCert := c.ConfigFor("etcd-test-client")
	cert, err := tls.X509KeyPair(adminCert.CertData, adminCert.KeyData)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(c.CAPEM())
	hc := &http.Client{Timeout: time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, Certificates: []tls.Certificate{cert}}}}
	deadline := time.Now().Add(20 * time.Second)
	for {
		resp, err := hc.Get(clientURL + "/version")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				break
			}
		}
		if time.Now().After(deadline) {
			data, _ := os.ReadFile(filepath.Join(dir, "etcd.log"))
			t.Fatalf("TLS etcd not ready: %v\n%s", err, data)
		}
		time.Sleep(100 * time.Millisecond)
	}
	return &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: client}
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// binDir is where the harness's etcd is: $KUBEWARD_TESTCLUSTER_BIN, else
// what the build script prints (instantly once cached).
func binDir(t *testing.T) string {
	t.Helper()
	if d := os.Getenv(testcluster.EnvBinDir); d != "" {
		return d
	}
	out, err := exec.Command("../../scripts/testcluster-binaries.sh").Output()
	if err != nil {
		t.Fatalf("testcluster binaries: %v", err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	return strings.TrimSpace(lines[len(lines)-1])
}
