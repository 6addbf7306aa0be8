package probe_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/probe"
)

// fakeSecurePort answers as the secure port of kube-controller-manager
// (10257) or kube-scheduler (10259) does, from their documented behaviour:
// the handler chain authenticates with delegated authentication, where a
// request without credentials is system:anonymous, then authorizes: the
// --authorization-always-allow-paths (default /healthz, /readyz, /livez)
// pass without asking, anything else goes to a SubjectAccessReview, which
// the API server's default RBAC grants system:unauthenticated for
// /healthz, /livez, /readyz and /version only (system:public-info-viewer).
// Refusals are Status objects, as the API server's; the mux behind serves
// /healthz, /metrics and /configz ({"componentconfig": ...}), no /version,
// and "404 page not found" for anything else.
type fakeSecurePort struct {
	scheduler bool
	// allowPaths replaces the default always-allow paths; "/*" lets every
	// path through.
	allowPaths []string
	// noSAR: no authorization kubeconfig, so everything but the
	// always-allow paths is denied.
	noSAR bool
	// refuseAnonymous answers 401 to a request without credentials: as a
	// Status, or as plain text "Unauthorized" with plainRefusal.
	refuseAnonymous, plainRefusal bool
}

const statusJSON = `{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":%q,"reason":%q,"details":{},"code":%d}` + "\n"

func (f fakeSecurePort) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p := r.URL.Path
	if f.refuseAnonymous && r.Header.Get("Authorization") == "" {
		if f.plainRefusal {
			http.Error(w, "Unauthorized", http.StatusUnauthorized)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprintf(w, statusJSON, "Unauthorized", "Unauthorized", http.StatusUnauthorized)
		return
	}
	if !f.authorized(p) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.WriteHeader(http.StatusForbidden)
		fmt.Fprintf(w, statusJSON, fmt.Sprintf("forbidden: User \"system:anonymous\" cannot get path %q", p), "Forbidden", http.StatusForbidden)
		return
	}
	switch {
	case p == "/healthz", f.scheduler && (p == "/readyz" || p == "/livez"):
		fmt.Fprint(w, "ok")
	case p == "/metrics":
		w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
		name := "workqueue_depth"
		if f.scheduler {
			name = "scheduler_pending_pods"
		}
		fmt.Fprintf(w, "# HELP %s [STABLE] test metric\n# TYPE %s gauge\n%s{name=\"x\"} 0\n", name, name, name)
	case p == "/configz":
		w.Header().Set("Content-Type", "application/json")
		if f.scheduler {
			fmt.Fprint(w, `{"componentconfig":{"Parallelism":16,"LeaderElection":{"LeaderElect":true},"Profiles":[{"SchedulerName":"default-scheduler"}],"Extenders":null}}`)
		} else {
			fmt.Fprint(w, `{"componentconfig":{"Generic":{"Port":0,"Address":"","ClientConnection":{"Kubeconfig":"/etc/kubernetes/controller-manager.conf"}},"KubeCloudShared":{"ClusterName":"kubernetes"}}}`)
		}
	default:
		http.NotFound(w, r)
	}
}

func (f fakeSecurePort) authorized(p string) bool {
	allow := f.allowPaths
	if allow == nil {
		allow = []string{"/healthz", "/readyz", "/livez"}
	}
	for _, a := range allow {
		if a == p || strings.HasSuffix(a, "*") && strings.HasPrefix(p, strings.TrimSuffix(a, "*")) {
			return true
		}
	}
	if f.noSAR {
		return false
	}
	switch p {
	case "/healthz", "/livez", "/readyz", "/version", "/version/":
		return true
	}
	return false
}

// fakeDashboard answers as the Kubernetes Dashboard's backend does over
// HTTPS (--auto-generate-certificates): its single-page app at /, its API
// under /api/v1/..., Prometheus metrics at /metrics. With login required
// (the default; no --enable-skip-login) an API request without a token is
// refused with the Dashboard's own 401 error.
type fakeDashboard struct{ login bool }

func (d fakeDashboard) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p := r.URL.Path
	switch {
	case p == "/":
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<!doctype html><html lang="en" dir="ltr"><head><meta charset="utf-8"><title>Kubernetes Dashboard</title></head><body><kd-root></kd-root></body></html>`)
	case p == "/metrics":
		fmt.Fprint(w, "# HELP go_goroutines Number of goroutines that currently exist.\n# TYPE go_goroutines gauge\ngo_goroutines 42\n")
	case strings.HasPrefix(p, "/api/v1/") && d.login && r.Header.Get("Authorization") == "":
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprint(w, `{"ErrStatus":{"metadata":{},"status":"Failure","message":"MSG_LOGIN_UNAUTHORIZED_ERROR","reason":"Unauthorized","code":401}}`)
	case p == "/api/v1/service/default":
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"listMeta":{"totalItems":1},"services":[{"objectMeta":{"name":"kubernetes","namespace":"default"},"typeMeta":{"kind":"service"},"type":"ClusterIP","clusterIP":"10.96.0.1"}],"errors":[]}`)
	default:
		http.NotFound(w, r)
	}
}

func startTLS(t *testing.T, h http.Handler) string {
	t.Helper()
	s := httptest.NewTLSServer(h)
	t.Cleanup(s.Close)
	return s.URL
}

// kindTarget is the KIND://HOST:PORT form for a fixture.
func kindTarget(t *testing.T, kind, u string) probe.Target {
	t.Helper()
	tg, err := probe.ParseTarget(kind + "://" + strings.TrimPrefix(u, "https://"))
	if err != nil {
		t.Fatal(err)
	}
	if tg.Host != "127.0.0.1" {
		t.Fatalf("tests probe loopback only, not %s", tg.Host)
	}
	return tg
}

func wantService(t *testing.T, res *probe.Result, kind probe.Kind, u string) {
	t.Helper()
	s := one(t, res.Findings, "probe-service")
	if want := fmt.Sprintf("%s answers on %s over TLS", kind, strings.TrimPrefix(u, "https://")); s.Message != want {
		t.Errorf("service: %q, want %q", s.Message, want)
	}
}

func TestSecurePortsProtected(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		kind   probe.Kind
		f      fakeSecurePort
		answer string
	}{
		{"controller-manager", probe.KindControllerManager, fakeSecurePort{}, "403 Forbidden"},
		{"scheduler", probe.KindScheduler, fakeSecurePort{scheduler: true}, "403 Forbidden"},
		{"controller-manager without SubjectAccessReview", probe.KindControllerManager, fakeSecurePort{noSAR: true}, "403 Forbidden"},
		{"scheduler refusing anonymous", probe.KindScheduler, fakeSecurePort{scheduler: true, refuseAnonymous: true}, "401 Unauthorized"},
		{"controller-manager refusing in plain text", probe.KindControllerManager, fakeSecurePort{refuseAnonymous: true, plainRefusal: true}, "401 Unauthorized"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			u := startTLS(t, tc.f)
			res := run(t, probe.Options{}, kindTarget(t, string(tc.kind), u))
			id := "probe-" + string(tc.kind) + "-unauthenticated"
			wantSummary(t, res.Findings, "probe-service pass", id+" pass")
			wantService(t, res, tc.kind, u)
			f := one(t, res.Findings, id)
			if want := "GET " + u + "/metrics answered " + tc.answer + ": metrics need authentication"; f.Message != want {
				t.Errorf("%s: %q, want %q", id, f.Message, want)
			}
		})
	}
}

func TestSecurePortsOpen(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		kind probe.Kind
		f    fakeSecurePort
	}{
		// Every path allowed: /configz names the component, whatever the port.
		{"controller-manager", probe.KindControllerManager, fakeSecurePort{allowPaths: []string{"/*"}}},
		{"scheduler", probe.KindScheduler, fakeSecurePort{scheduler: true, allowPaths: []string{"/*"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			u := startTLS(t, tc.f)
			id := "probe-" + string(tc.kind) + "-unauthenticated"
			for _, tg := range []probe.Target{target(t, u), kindTarget(t, string(tc.kind), u)} {
				res := run(t, probe.Options{}, tg)
				wantSummary(t, res.Findings, "probe-service pass", id+" fail")
				wantService(t, res, tc.kind, u)
				f := one(t, res.Findings, id)
				if want := "GET " + u + "/metrics answered 200 OK without credentials"; f.Message != want || f.Severity != check.High {
					t.Errorf("%s: %q (%s), want %q", id, f.Message, f.Severity, want)
				}
			}
			s := one(t, run(t, probe.Options{}, target(t, u)).Findings, "probe-service")
			if !slices.ContainsFunc(s.Evidence, func(e check.Evidence) bool {
				return e.Setting == "GET "+u+"/configz" && e.Value == "200 OK" && strings.HasPrefix(e.Detail, `{"componentconfig":`)
			}) {
				t.Errorf("identification does not rest on /configz:\n%s", dump([]check.Finding{s}))
			}
		})
	}
}

// Only /metrics added to the always-allow paths: /configz is refused with
// a Status like any API server's, so away from 10257 and 10259 nothing
// names the component and the open metrics are reported as such.
func TestSecurePortMetricsOnlyOpen(t *testing.T) {
	t.Parallel()
	u := startTLS(t, fakeSecurePort{allowPaths: []string{"/healthz", "/readyz", "/livez", "/metrics"}})
	res := run(t, probe.Options{}, target(t, u))
	wantSummary(t, res.Findings, "probe-service pass", "probe-metrics-unauthenticated fail")
	wantService(t, res, probe.KindMetrics, u)
	res = run(t, probe.Options{}, kindTarget(t, "controller-manager", u))
	wantSummary(t, res.Findings, "probe-service pass", "probe-controller-manager-unauthenticated fail")
}

// A protected controller-manager or scheduler away from its port answers
// like an API server without /version: it is not named.
func TestSecurePortProtectedUnnamedAwayFromItsPort(t *testing.T) {
	t.Parallel()
	u := startTLS(t, fakeSecurePort{})
	res := run(t, probe.Options{}, target(t, u))
	wantSummary(t, res.Findings, "probe-service pass")
	wantService(t, res, probe.KindUnknown, u)
}

// On 10257 and 10259 the answers confirm the port: a Status refusal of
// /configz, or /configz itself. The fixtures listen elsewhere; the
// identification is run as if they listened there.
func TestSecurePortIdentifiedOnItsPort(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		f    fakeSecurePort
		port int
		want probe.Kind
	}{
		{"controller-manager protected", fakeSecurePort{}, 10257, probe.KindControllerManager},
		{"scheduler protected", fakeSecurePort{scheduler: true}, 10259, probe.KindScheduler},
		{"controller-manager without SubjectAccessReview", fakeSecurePort{noSAR: true}, 10257, probe.KindControllerManager},
		{"scheduler refusing anonymous", fakeSecurePort{scheduler: true, refuseAnonymous: true}, 10259, probe.KindScheduler},
		{"controller-manager with open metrics", fakeSecurePort{allowPaths: []string{"/healthz", "/metrics"}}, 10257, probe.KindControllerManager},
		// /configz wins over the port.
		{"open scheduler on 10257", fakeSecurePort{scheduler: true, allowPaths: []string{"/*"}}, 10257, probe.KindScheduler},
		// A kubelet on 10257 is still a kubelet.
		{"plain-text refusal", fakeSecurePort{refuseAnonymous: true, plainRefusal: true}, 10257, probe.KindKubelet},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			u := startTLS(t, tc.f)
			if got := probe.IdentifyAsIfOnPort(t.Context(), strings.TrimPrefix(u, "https://"), tc.port, 2*time.Second); got != tc.want {
				t.Errorf("identified as %s, want %s", got, tc.want)
			}
		})
	}
}

func TestDashboardWithoutLogin(t *testing.T) {
	t.Parallel()
	u := startTLS(t, fakeDashboard{})
	for _, tg := range []probe.Target{target(t, u), kindTarget(t, "dashboard", u)} {
		res := run(t, probe.Options{}, tg)
		wantSummary(t, res.Findings, "probe-service pass", "probe-dashboard fail")
		wantService(t, res, probe.KindDashboard, u)
		f := one(t, res.Findings, "probe-dashboard")
		if want := "GET " + u + "/api/v1/service/default answered 200 OK with data and no login"; f.Message != want ||
			f.Severity != check.High || !strings.HasPrefix(f.Evidence[0].Detail, `{"listMeta":`) {
			t.Errorf("dashboard: %q %+v, want %q", f.Message, f.Evidence, want)
		}
	}
}

func TestDashboardWithLogin(t *testing.T) {
	t.Parallel()
	u := startTLS(t, fakeDashboard{login: true})
	for _, tg := range []probe.Target{target(t, u), kindTarget(t, "dashboard", u)} {
		res := run(t, probe.Options{}, tg)
		wantSummary(t, res.Findings, "probe-service pass", "probe-dashboard pass")
		wantService(t, res, probe.KindDashboard, u)
		f := one(t, res.Findings, "probe-dashboard")
		if want := "GET " + u + "/api/v1/service/default answered 401 Unauthorized: the Dashboard asks for a login"; f.Message != want ||
			!strings.Contains(f.Evidence[0].Detail, "MSG_LOGIN_UNAUTHORIZED_ERROR") {
			t.Errorf("dashboard: %q %+v, want %q", f.Message, f.Evidence, want)
		}
	}
}

// A kind:// Dashboard that answers with something else than its API is not
// judged: no exposure without the data.
func TestDashboardKindWithoutItsAPI(t *testing.T) {
	t.Parallel()
	u := startTLS(t, http.NotFoundHandler())
	res := run(t, probe.Options{}, kindTarget(t, "dashboard", u))
	wantSummary(t, res.Findings, "probe-service pass", "probe-dashboard error")
}
