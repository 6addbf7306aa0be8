package main_test

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kubeward/kubeward/internal/testcluster"
)

func TestAdmissionManifestScansClean(t *testing.T) {
	m := run(t, "", kubeward, "admission", "manifest", "--namespace", "guard", "--image", "ghcr.io/kubeward/kubeward@sha256:"+strings.Repeat("ab", 32))
	wantCode(t, m, 0)
	rep, r := scanJSON(t, m.stdout, "-")
	wantCode(t, r, 0)
	if rep.Summary.Findings != 0 || rep.Summary.Suppressed != 0 || rep.Summary.Objects != 11 {
		t.Errorf("summary %+v, want 11 objects and no findings", rep.Summary)
	}
	bad := run(t, "", kubeward, "admission", "manifest", "--failure-policy", "Sometimes")
	wantCode(t, bad, 2)
	if want := "kubeward: failure policy \"Sometimes\" is neither Fail nor Ignore\n"; bad.stderr != want {
		t.Errorf("stderr %q, want %q", bad.stderr, want)
	}
}

// syncBuffer is a bytes.Buffer safe for the process's writes and the
// test's reads at the same time.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// The binary serves the webhook to a real API server; killed, the API
// server follows the configuration's failurePolicy; SIGTERM stops it
// cleanly.
func TestAdmissionServeAgainstAPIServer(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	c, err := testcluster.Start(ctx, testcluster.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Stop()
	cs := c.AdminClient()

	dir := t.TempDir()
	certPEM, keyPEM, err := c.ServingCert("127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	certFile, keyFile := filepath.Join(dir, "tls.crt"), filepath.Join(dir, "tls.key")
	writeFile(t, certFile, string(certPEM))
	writeFile(t, keyFile, string(keyPEM))

	start := func() (*exec.Cmd, string, *syncBuffer) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := ln.Addr().String()
		ln.Close()
		cmd := exec.Command(kubeward, "admission", "serve", "--listen", addr, "--tls-cert-file", certFile,
			"--tls-key-file", keyFile, "--kubeconfig", c.Kubeconfig())
		logs := &syncBuffer{}
		cmd.Stderr = logs
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
		pool := x509.NewCertPool()
		pool.AppendCertsFromPEM(c.CAPEM())
		hc := &http.Client{Timeout: time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
		deadline := time.Now().Add(30 * time.Second)
		for {
			resp, err := hc.Get("https://" + addr + "/readyz")
			if err == nil {
				resp.Body.Close()
				if resp.StatusCode == 200 {
					break
				}
			}
			if time.Now().After(deadline) {
				t.Fatalf("webhook not ready: %v\n%s", err, logs.String())
			}
			time.Sleep(50 * time.Millisecond)
		}
		return cmd, addr, logs
	}
	webhookFor := func(name, addr string, policy admissionregistrationv1.FailurePolicyType) string {
		url := "https://" + addr + "/validate"
		none := admissionregistrationv1.SideEffectClassNone
		timeout := int32(5)
		_, err := c.AddValidatingWebhook(ctx, &admissionregistrationv1.ValidatingWebhookConfiguration{
			ObjectMeta: metav1.ObjectMeta{Name: name},
			Webhooks: []admissionregistrationv1.ValidatingWebhook{{
				Name:         "validate.kubeward.dev",
				ClientConfig: admissionregistrationv1.WebhookClientConfig{URL: &url, CABundle: c.CAPEM()},
				Rules: []admissionregistrationv1.RuleWithOperations{{
					Operations: []admissionregistrationv1.OperationType{admissionregistrationv1.Create, admissionregistrationv1.Update},
					Rule:       admissionregistrationv1.Rule{APIGroups: []string{""}, APIVersions: []string{"v1"}, Resources: []string{"pods"}},
				}},
				NamespaceSelector:       &metav1.LabelSelector{MatchLabels: map[string]string{"scope": name}},
				SideEffects:             &none,
				FailurePolicy:           &policy,
				TimeoutSeconds:          &timeout,
				AdmissionReviewVersions: []string{"v1"},
			}},
		})
		if err != nil {
			t.Fatal(err)
		}
		ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: name, Labels: map[string]string{"scope": name}}}
		if _, err := cs.CoreV1().Namespaces().Create(ctx, ns, metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
		if _, err := cs.CoreV1().ServiceAccounts(name).Create(ctx, &corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Name: "default"}}, metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
		return name
	}
	privileged := func(name string) *corev1.Pod {
		return &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: name}, Spec: corev1.PodSpec{Containers: []corev1.Container{{
			Name: "app", Image: "registry.example/app:1.0", SecurityContext: &corev1.SecurityContext{Privileged: new(true)}}}}}
	}
	plain := func(name string) *corev1.Pod {
		return &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: name}, Spec: corev1.PodSpec{Containers: []corev1.Container{{
			Name: "app", Image: "registry.example/app:1.0"}}}}
	}

	cmd, addr, logs := start()
	fail := webhookFor("fail", addr, admissionregistrationv1.Fail)
	ignore := webhookFor("ignore", addr, admissionregistrationv1.Ignore)
	_, err = cs.CoreV1().Pods(fail).Create(ctx, privileged("p1"), metav1.CreateOptions{})
	want := `admission webhook "validate.kubeward.dev" denied the request: kubeward: privileged-container (critical) at spec.containers[0].securityContext.privileged: container "app" runs privileged`
	if err == nil || err.Error() != want {
		t.Fatalf("privileged pod: %v\nwant %s", err, want)
	}
	if out := logs.String(); !strings.Contains(out, `"msg":"admission decision"`) || !strings.Contains(out, `"result":"denied","allowed":false`) ||
		!strings.Contains(out, `"check":"privileged-container","severity":"critical","mode":"enforce"`) {
		t.Errorf("no JSON decision log of the denial:\n%s", out)
	}

	// Killed: Fail refuses, Ignore admits unchecked.
	cmd.Process.Kill()
	cmd.Wait()
	_, err = cs.CoreV1().Pods(fail).Create(ctx, plain("p2"), metav1.CreateOptions{})
	if err == nil || !strings.Contains(err.Error(), `failed calling webhook "validate.kubeward.dev"`) || !strings.Contains(err.Error(), "connection refused") {
		t.Fatalf("failurePolicy Fail with the webhook down: err = %v", err)
	}
	if _, err := cs.CoreV1().Pods(ignore).Create(ctx, privileged("p3"), metav1.CreateOptions{}); err != nil {
		t.Fatalf("failurePolicy Ignore with the webhook down: %v", err)
	}

	// SIGTERM drains and exits 0.
	cmd, _, logs = start()
	cmd.Process.Signal(syscall.SIGTERM)
	if err := cmd.Wait(); err != nil {
		t.Fatalf("after SIGTERM: %v\n%s", err, logs.String())
	}
	if !strings.Contains(logs.String(), `"msg":"stopped"`) {
		t.Errorf("no clean stop logged:\n%s", logs.String())
	}
	_ = os.Remove(certFile)
}
