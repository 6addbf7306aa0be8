package testcluster_test

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	admissionv1 "k8s.io/api/admission/v1"
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kubeward/kubeward/internal/testcluster"
)

const denial = "kubeward test webhook: config map name forbidden-config is reserved"

// denyWebhook rejects ConfigMaps named forbidden-config and records who
// asked for each object it saw.
type denyWebhook struct {
	mu    sync.Mutex
	calls map[string]string // object name -> requesting user
}

func (d *denyWebhook) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var review admissionv1.AdmissionReview
	if err := json.NewDecoder(r.Body).Decode(&review); err != nil || review.Request == nil {
		http.Error(w, "bad AdmissionReview", http.StatusBadRequest)
		return
	}
	req := review.Request
	d.mu.Lock()
	d.calls[req.Name] = req.UserInfo.Username
	d.mu.Unlock()
	resp := &admissionv1.AdmissionResponse{UID: req.UID, Allowed: req.Name != "forbidden-config"}
	if !resp.Allowed {
		resp.Result = &metav1.Status{Code: http.StatusForbidden, Message: denial}
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(admissionv1.AdmissionReview{TypeMeta: review.TypeMeta, Response: resp})
}

func TestValidatingWebhookIsCalled(t *testing.T) {
	t.Parallel()
	c := testcluster.Get(t)
	ns := c.Namespace(t)

	certPEM, keyPEM, err := c.ServingCert("127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	cert, err := tls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		t.Fatal(err)
	}
	hook := &denyWebhook{calls: map[string]string{}}
	srv := httptest.NewUnstartedServer(hook)
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
	srv.StartTLS()
	defer srv.Close()

	url := srv.URL + "/validate"
	none := admissionregistrationv1.SideEffectClassNone
	fail := admissionregistrationv1.Fail
	cfg := &admissionregistrationv1.ValidatingWebhookConfiguration{
		ObjectMeta: metav1.ObjectMeta{Name: "deny-" + ns},
		Webhooks: []admissionregistrationv1.ValidatingWebhook{{
			Name:         "deny.testcluster.kubeward.dev",
			ClientConfig: admissionregistrationv1.WebhookClientConfig{URL: &url, CABundle: c.CAPEM()},
			Rules: []admissionregistrationv1.RuleWithOperations{{
				Operations: []admissionregistrationv1.OperationType{admissionregistrationv1.Create},
				Rule:       admissionregistrationv1.Rule{APIGroups: []string{""}, APIVersions: []string{"v1"}, Resources: []string{"configmaps"}},
			}},
			// Only this test's namespace: tests running alongside create
			// config maps too.
			NamespaceSelector:       &metav1.LabelSelector{MatchLabels: map[string]string{"kubernetes.io/metadata.name": ns}},
			SideEffects:             &none,
			FailurePolicy:           &fail,
			AdmissionReviewVersions: []string{"v1"},
		}},
	}
	vwcs := c.AdminClient().AdmissionregistrationV1().ValidatingWebhookConfigurations()
	if _, err := c.AddValidatingWebhook(t.Context(), cfg); err != nil {
		t.Fatal(err)
	}
	defer func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := vwcs.Delete(ctx, cfg.Name, metav1.DeleteOptions{}); err != nil {
			t.Errorf("delete webhook configuration: %v", err)
		}
	}()

	// In force at once: no retry here, AddValidatingWebhook waited.
	cms := c.AdminClient().CoreV1().ConfigMaps(ns)
	_, err = cms.Create(t.Context(), &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "forbidden-config"}}, metav1.CreateOptions{})
	want := `admission webhook "deny.testcluster.kubeward.dev" denied the request: ` + denial
	if err == nil || err.Error() != want {
		t.Fatalf("create forbidden-config: err = %v, want %s", err, want)
	}
	if _, err := cms.Create(t.Context(), &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "allowed-config"}}, metav1.CreateOptions{}); err != nil {
		t.Fatalf("create allowed-config: %v", err)
	}

	hook.mu.Lock()
	defer hook.mu.Unlock()
	wantCalls := map[string]string{"forbidden-config": testcluster.AdminUser, "allowed-config": testcluster.AdminUser}
	if len(hook.calls) != len(wantCalls) {
		t.Errorf("webhook saw %v, want %v", hook.calls, wantCalls)
	}
	for name, user := range wantCalls {
		if hook.calls[name] != user {
			t.Errorf("webhook call for %s by %q, want %q", name, hook.calls[name], user)
		}
	}
	// The sentinel used to wait for the configuration is gone again.
	list, err := vwcs.List(t.Context(), metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, item := range list.Items {
		if strings.HasPrefix(item.Name, "kubeward-testcluster-sentinel-") {
			t.Errorf("sentinel %s left behind", item.Name)
		}
	}
}
