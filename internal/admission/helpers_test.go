package admission_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"

	"github.com/kubeward/kubeward/internal/admission"
	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/checks"
	"github.com/kubeward/kubeward/internal/serve"
	"github.com/kubeward/kubeward/internal/testcluster"
)

// webhook is a kubeward webhook served in the test process.
type webhook struct {
	URL      string
	Addr     string
	CertFile string
	KeyFile  string
	Server   *serve.Server
	stop     context.CancelFunc
	done     chan error
}

// startWebhook serves the webhook with cfg on a free loopback port with a
// serving certificate from the cluster's CA, reloaded every 20ms. extra
// runners are added to the built-in checks.
func startWebhook(t *testing.T, c *testcluster.Cluster, cfg admission.Config, extra ...check.Runner) *webhook {
	t.Helper()
	dir := t.TempDir()
	w := &webhook{CertFile: filepath.Join(dir, "tls.crt"), KeyFile: filepath.Join(dir, "tls.key"), done: make(chan error, 1)}
	writeCert(t, c, w.CertFile, w.KeyFile)
	log := slog.New(slog.NewJSONHandler(io.Discard, nil))
	sc := serve.Default()
	sc.Addr, sc.CertFile, sc.KeyFile, sc.ReloadInterval = "127.0.0.1:0", w.CertFile, w.KeyFile, 20*time.Millisecond
	srv, err := serve.New(sc, log)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Namespaces == nil {
		nsc := admission.NewNamespaceCache(c.AdminClient())
		ctx, cancel := context.WithCancel(context.Background())
		t.Cleanup(cancel)
		nsc.Run(ctx)
		cfg.Namespaces = nsc
	}
	engine := check.NewEngine(append(admission.Runners(checks.All()), extra...), check.Options{})
	srv.Handle("POST /validate", admission.NewHandler(admission.NewReviewer(cfg, engine, log), admission.NewMetrics(srv.Registry), log))
	if err := srv.Listen(); err != nil {
		t.Fatal(err)
	}
	w.Server, w.Addr = srv, srv.Addr().String()
	w.URL = "https://" + w.Addr + "/validate"
	ctx, cancel := context.WithCancel(context.Background())
	w.stop = cancel
	go func() { w.done <- srv.Serve(ctx) }()
	t.Cleanup(func() { w.Stop(t) })
	return w
}

// Stop shuts the server down gracefully; safe to call twice.
func (w *webhook) Stop(t *testing.T) {
	w.stop()
	select {
	case err, ok := <-w.done:
		if ok && err != nil {
			t.Errorf("webhook server: %v", err)
		}
		close(w.done)
	case <-time.After(30 * time.Second):
		t.Error("webhook server did not stop")
	}
}

func writeCert(t *testing.T, c *testcluster.Cluster, certFile, keyFile string) {
	t.Helper()
	certPEM, keyPEM, err := c.ServingCert("127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, keyPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(certFile, certPEM, 0o600); err != nil {
		t.Fatal(err)
	}
}

// register makes the API server call url for pods and deployments in the
// namespaces labelled scope=<the test's scope>, and returns the scope
// label to put on them.
func register(t *testing.T, c *testcluster.Cluster, url string, policy admissionregistrationv1.FailurePolicyType) map[string]string {
	t.Helper()
	scope := scopeOf(t)
	none := admissionregistrationv1.SideEffectClassNone
	equivalent := admissionregistrationv1.Equivalent
	timeout := int32(5)
	ops := []admissionregistrationv1.OperationType{admissionregistrationv1.Create, admissionregistrationv1.Update}
	cfg := &admissionregistrationv1.ValidatingWebhookConfiguration{
		ObjectMeta: metav1.ObjectMeta{Name: "kubeward-" + scope["admission-test.kubeward.dev/scope"]},
		Webhooks: []admissionregistrationv1.ValidatingWebhook{{
			Name:         admission.WebhookName,
			ClientConfig: admissionregistrationv1.WebhookClientConfig{URL: &url, CABundle: c.CAPEM()},
			Rules: []admissionregistrationv1.RuleWithOperations{
				{Operations: ops, Rule: admissionregistrationv1.Rule{APIGroups: []string{""}, APIVersions: []string{"*"}, Resources: []string{"pods", "pods/ephemeralcontainers"}}},
				{Operations: ops, Rule: admissionregistrationv1.Rule{APIGroups: []string{"apps"}, APIVersions: []string{"*"}, Resources: []string{"deployments"}}},
			},
			NamespaceSelector:       &metav1.LabelSelector{MatchLabels: scope},
			MatchPolicy:             &equivalent,
			SideEffects:             &none,
			FailurePolicy:           &policy,
			TimeoutSeconds:          &timeout,
			AdmissionReviewVersions: []string{"v1"},
		}},
	}
	if _, err := c.AddValidatingWebhook(t.Context(), cfg); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := c.AdminClient().AdmissionregistrationV1().ValidatingWebhookConfigurations().Delete(ctx, cfg.Name, metav1.DeleteOptions{}); err != nil {
			t.Errorf("delete webhook configuration: %v", err)
		}
	})
	return scope
}

// namespace creates a namespace with labels (and its default
// ServiceAccount, which pods need without a controller-manager).
func namespace(t *testing.T, c *testcluster.Cluster, labels ...map[string]string) string {
	t.Helper()
	return namespaceNamed(t, c, "", labels...)
}

// namespaceNamed is namespace with a given name ("": generated).
func namespaceNamed(t *testing.T, c *testcluster.Cluster, name string, labels ...map[string]string) string {
	t.Helper()
	all := map[string]string{}
	for _, l := range labels {
		for k, v := range l {
			all[k] = v
		}
	}
	cs := c.AdminClient()
	ns, err := cs.CoreV1().Namespaces().Create(t.Context(), &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{
		Name: name, GenerateName: "admission-", Labels: all}}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = cs.CoreV1().Namespaces().Delete(ctx, ns.Name, metav1.DeleteOptions{})
	})
	if _, err := cs.CoreV1().ServiceAccounts(ns.Name).Create(t.Context(), &corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Name: "default"}}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	return ns.Name
}

// warnings collects the warnings the API server sends a client.
type warnings struct {
	mu   sync.Mutex
	list []string
}

func (w *warnings) HandleWarningHeader(code int, agent, text string) {
	w.mu.Lock()
	w.list = append(w.list, text)
	w.mu.Unlock()
}

func (w *warnings) take() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	out := w.list
	w.list = nil
	return out
}

// clientWithWarnings is an admin client whose warnings end up in w.
func clientWithWarnings(t *testing.T, c *testcluster.Cluster) (kubernetes.Interface, *warnings) {
	w := &warnings{}
	cfg := rest.CopyConfig(c.AdminConfig())
	cfg.WarningHandler = w
	cs, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return cs, w
}

// tlsClient trusts the cluster CA, for requests straight to the webhook.
func tlsClient(c *testcluster.Cluster) *http.Client {
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(c.CAPEM())
	return &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
}

// scrape reads the webhook's /metrics.
func scrape(t *testing.T, c *testcluster.Cluster, w *webhook) string {
	t.Helper()
	resp, err := tlsClient(c).Get("https://" + w.Addr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// scopeOf is the namespace label that the test's webhook configuration
// selects.
func scopeOf(t *testing.T) map[string]string {
	v := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			return r
		}
		return '-'
	}, strings.ToLower(t.Name()))
	if len(v) > 63 {
		t.Fatalf("test name %q too long for a label", t.Name())
	}
	return map[string]string{"admission-test.kubeward.dev/scope": v}
}

// tlsDial opens a new TLS connection with the transport's settings, so
// that the server presents its current certificate.
func tlsDial(addr string, tr *http.Transport) (*tls.Conn, error) {
	return tls.Dial("tcp", addr, tr.TLSClientConfig)
}
