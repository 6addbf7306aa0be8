package admission_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
	"github.com/kubeward/kubeward/internal/testcluster"
)

// boom is a check that panics on objects labelled boom.
var boom = &check.Check[*kube.Object]{
	Meta: check.Meta{ID: "test-boom", Title: "panics", Severity: check.High, Remediation: "none"},
	Run: func(p *check.Pass[*kube.Object]) error {
		if p.Object.Meta.Labels["boom"] != "" {
			panic("boom")
		}
		return nil
	},
}

func TestCheckPanicFollowsFailureMode(t *testing.T) {
	t.Parallel()
	c := testcluster.Get(t)
	for _, failOpen := range []bool{false, true} {
		t.Run(map[bool]string{false: "closed", true: "open"}[failOpen], func(t *testing.T) {
			t.Parallel()
			cfg := defaults()
			cfg.FailOpen = failOpen
			w := startWebhook(t, c, cfg, boom)
			ns := namespace(t, c, register(t, c, w.URL, admissionregistrationv1.Fail))
			cs, warned := clientWithWarnings(t, c)
			p := pod("boom", hardenedSpec())
			p.Labels = map[string]string{"boom": "yes"}
			_, err := cs.CoreV1().Pods(ns).Create(t.Context(), p, metav1.CreateOptions{})
			reason := fmt.Sprintf("kubeward could not evaluate this request: check test-boom could not evaluate Pod/%s/boom: could not evaluate: check panicked: boom", ns)
			if failOpen {
				if err != nil {
					t.Fatalf("fail-open: %v", err)
				}
				want := reason + " (admitted: the webhook fails open)"
				if got := warned.take(); len(got) != 1 || got[0] != want {
					t.Errorf("warnings %q, want [%q]", got, want)
				}
			} else if err == nil || err.Error() != deniedPrefix+reason {
				t.Fatalf("fail-closed: err = %v\nwant %s", err, deniedPrefix+reason)
			}
			// The server is still up and answers the next request.
			if _, err := cs.CoreV1().Pods(ns).Create(t.Context(), pod("after", hardenedSpec()), metav1.CreateOptions{}); err != nil {
				t.Fatalf("request after the panic: %v", err)
			}
		})
	}
}

func TestBadRequests(t *testing.T) {
	t.Parallel()
	c := testcluster.Get(t)
	w := startWebhook(t, c, defaults())
	client := tlsClient(c)
	client.Transport.(*http.Transport).ExpectContinueTimeout = 5 * time.Second
	for _, tc := range []struct {
		name, body string
		code       int
		message    string
	}{
		{"too large", `{"kind":"AdmissionReview","pad":"` + strings.Repeat("x", 9<<20) + `"}`, 413,
			"request body is larger than the limit of 8388608 bytes (--max-request-bytes)"},
		{"not JSON", `<xml/>`, 400, "body is not an AdmissionReview: invalid character '<' looking for beginning of value"},
		{"wrong kind", `{"apiVersion":"admission.k8s.io/v1","kind":"Pod"}`, 400, `kind "Pod" is not AdmissionReview`},
		{"no request", `{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview"}`, 400, "the AdmissionReview has no request"},
	} {
		req, err := http.NewRequest("POST", w.URL, strings.NewReader(tc.body))
		if err != nil {
			t.Fatal(err)
		}
		// The body follows only once the server agrees, so a refused one
		// is never sent and the 413 is read cleanly.
		req.Header.Set("Expect", "100-continue")
		resp, err := client.Do(req)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tc.code || strings.TrimSpace(string(b)) != tc.message {
			t.Errorf("%s: %d %q, want %d %q", tc.name, resp.StatusCode, b, tc.code, tc.message)
		}
	}
	text := scrape(t, c, w)
	for _, want := range []string{`kubeward_admission_errors_total{reason="bad_request"} 3`, `kubeward_admission_errors_total{reason="too_large"} 1`} {
		if !strings.Contains(text, want+"\n") {
			t.Errorf("metrics lack %s", want)
		}
	}
}

// A v1beta1 review is answered in v1beta1.
func TestV1beta1Review(t *testing.T) {
	t.Parallel()
	c := testcluster.Get(t)
	w := startWebhook(t, c, defaults())
	body := `{"apiVersion":"admission.k8s.io/v1beta1","kind":"AdmissionReview","request":{"uid":"u1",` +
		`"kind":{"group":"","version":"v1","kind":"Pod"},"resource":{"group":"","version":"v1","resource":"pods"},` +
		`"namespace":"ns1","operation":"CREATE","userInfo":{"username":"alice"},` +
		`"object":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"app","image":"a:1","securityContext":{"privileged":true}}]}}}}`
	resp, err := tlsClient(c).Post(w.URL, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	want := `{"kind":"AdmissionReview","apiVersion":"admission.k8s.io/v1beta1","response":{"uid":"u1","allowed":false,` +
		`"status":{"metadata":{},"status":"Failure","message":"kubeward: privileged-container (critical) at spec.containers[0].securityContext.privileged: container \"app\" runs privileged",` +
		`"reason":"Forbidden","code":403}}}`
	if resp.StatusCode != 200 || string(b) != want {
		t.Errorf("%d %s\nwant %s", resp.StatusCode, b, want)
	}
}

// Rotating the serving certificate while the API server calls the webhook
// loses no request: the old certificate serves until the new pair loads.
func TestCertRotationUnderLoad(t *testing.T) {
	t.Parallel()
	c := testcluster.Get(t)
	w := startWebhook(t, c, defaults())
	ns := namespace(t, c, register(t, c, w.URL, admissionregistrationv1.Fail))
	before := servingSerial(t, c, w.Addr)

	ctx, cancel := context.WithCancel(t.Context())
	var ok, failed atomic.Int64
	var firstErr atomic.Value
	var wg sync.WaitGroup
	cs := c.AdminClient()
	for i := range 4 {
		wg.Go(func() {
			for n := 0; ctx.Err() == nil; n++ {
				_, err := cs.CoreV1().Pods(ns).Create(context.Background(), pod(fmt.Sprintf("p-%d-%d", i, n), hardenedSpec()),
					metav1.CreateOptions{DryRun: []string{metav1.DryRunAll}})
				if err != nil {
					failed.Add(1)
					firstErr.CompareAndSwap(nil, err.Error())
				} else {
					ok.Add(1)
				}
			}
		})
	}
	time.Sleep(time.Second)
	writeCert(t, c, w.CertFile, w.KeyFile) // key first, then certificate: a moment of mismatch
	deadline := time.Now().Add(10 * time.Second)
	for servingSerial(t, c, w.Addr) == before {
		if time.Now().After(deadline) {
			t.Fatal("the new certificate was never served")
		}
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(time.Second) // load after the rotation too
	cancel()
	wg.Wait()
	if failed.Load() != 0 {
		t.Fatalf("%d of %d requests failed during rotation, first: %v", failed.Load(), failed.Load()+ok.Load(), firstErr.Load())
	}
	if ok.Load() < 20 {
		t.Fatalf("only %d requests ran", ok.Load())
	}
	if text := scrape(t, c, w); !strings.Contains(text, `kubeward_tls_certificate_reloads_total{result="success"} 1`+"\n") {
		t.Errorf("metrics lack one successful reload:\n%s", grep(text, "reloads"))
	}
	t.Logf("%d requests, none failed, across the rotation", ok.Load())
}

func grep(text, word string) string {
	var out bytes.Buffer
	for _, l := range strings.Split(text, "\n") {
		if strings.Contains(l, word) {
			out.WriteString(l + "\n")
		}
	}
	return out.String()
}

// servingSerial is the serial of the certificate the server presents now.
func servingSerial(t *testing.T, c *testcluster.Cluster, addr string) string {
	t.Helper()
	tr := tlsClient(c).Transport.(*http.Transport)
	conn, err := tlsDial(addr, tr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	return conn.ConnectionState().PeerCertificates[0].SerialNumber.String()
}
