package probe_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/kubeward/kubeward/internal/probe"
)

// fakeKubelet answers as a kubelet does, from its documented behaviour
// (kubelet server auth filter and handlers): no credentials are rejected
// with a plain-text 401 "Unauthorized" when anonymous authentication is
// off; with it on, requests run as system:anonymous and a denying
// authorizer (Webhook mode) answers a plain-text 403 naming the
// attributes; AlwaysAllow lets everything through to the handlers, which
// answer 404 for a pod that does not exist.
type fakeKubelet struct {
	anonymous bool
	allow     bool // authorization mode AlwaysAllow (true) or a Webhook that denies (false)
	readOnly  bool // the read-only port: no authentication, fewer handlers
}

const podListJSON = `{"kind":"PodList","apiVersion":"v1","metadata":{},"items":[` +
	`{"metadata":{"name":"logger","namespace":"kube-system"},"spec":{"volumes":[{"name":"varlog","hostPath":{"path":"/var/log","type":"Directory"}}],` +
	`"containers":[{"name":"agent","securityContext":{"privileged":true}}]}}]}`

const buildInfoMetrics = "# HELP kubernetes_build_info [ALPHA] A metric with a constant '1' value labeled by major, minor, git version.\n" +
	"# TYPE kubernetes_build_info gauge\n" +
	`kubernetes_build_info{build_date="2026-01-01T00:00:00Z",compiler="gc",git_commit="abc",git_tree_state="clean",gitVersion="v1.37.2",go_version="go1.26",major="1",minor="37",platform="linux/amd64"} 1` + "\n"

func (k fakeKubelet) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !k.readOnly {
		if r.Header.Get("Authorization") == "" && r.TLS != nil && len(r.TLS.PeerCertificates) == 0 && !k.anonymous {
			http.Error(w, "Unauthorized", http.StatusUnauthorized)
			return
		}
		if !k.allow {
			verb := "get"
			if r.Method == http.MethodPost {
				verb = "create"
			}
			sub := "proxy"
			switch {
			case strings.HasPrefix(r.URL.Path, "/logs"):
				sub = "log"
			case strings.HasPrefix(r.URL.Path, "/metrics"):
				sub = "metrics"
			}
			http.Error(w, fmt.Sprintf("Forbidden (user=system:anonymous, verb=%s, resource=nodes, subresource=%s)", verb, sub), http.StatusForbidden)
			return
		}
	}
	p := r.URL.Path
	switch {
	case p == "/pods" || p == "/pods/":
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, podListJSON)
	case p == "/healthz":
		fmt.Fprint(w, "ok")
	case p == "/metrics" && k.readOnly:
		fmt.Fprint(w, buildInfoMetrics)
	case k.readOnly:
		http.NotFound(w, r)
	case p == "/runningpods/":
		fmt.Fprint(w, `{"kind":"PodList","apiVersion":"v1","metadata":{},"items":[{"metadata":{"name":"logger","namespace":"kube-system"}}]}`)
	case strings.HasPrefix(p, "/containerLogs/"), strings.HasPrefix(p, "/exec/"), strings.HasPrefix(p, "/attach/"),
		strings.HasPrefix(p, "/portForward/"), strings.HasPrefix(p, "/run/") && r.Method == http.MethodPost:
		http.Error(w, `pod "kubeward-probe" does not exist`, http.StatusNotFound)
	case p == "/debug/pprof/cmdline":
		fmt.Fprint(w, "/usr/bin/kubelet\x00--config=/var/lib/kubelet/config.yaml")
	case p == "/configz":
		fmt.Fprint(w, `{"kubeletconfig":{"authentication":{"anonymous":{"enabled":true}}}}`)
	case p == "/logs/":
		fmt.Fprint(w, "<pre>\n<a href=\"pods/\">pods/</a>\n</pre>\n")
	default:
		http.NotFound(w, r)
	}
}

func startKubelet(t *testing.T, k fakeKubelet) string {
	t.Helper()
	var s *httptest.Server
	if k.readOnly {
		s = httptest.NewServer(k)
	} else {
		s = httptest.NewUnstartedServer(k)
		s.TLS = nil
		s.StartTLS()
	}
	t.Cleanup(s.Close)
	return s.URL
}

func TestKubeletAnonymousOff(t *testing.T) {
	t.Parallel()
	u := startKubelet(t, fakeKubelet{})
	res := run(t, probe.Options{}, target(t, u))
	wantSummary(t, res.Findings, "probe-service pass", "probe-kubelet-anonymous-auth pass")
	if f := one(t, res.Findings, "probe-kubelet-anonymous-auth"); f.Message != "GET "+u+"/pods answered 401 Unauthorized: anonymous authentication is off" {
		t.Errorf("got %q", f.Message)
	}
	if s := one(t, res.Findings, "probe-service"); !strings.HasPrefix(s.Message, "kubelet answers on") {
		t.Errorf("identified as %q", s.Message)
	}
}

func TestKubeletAnonymousWebhookDenies(t *testing.T) {
	t.Parallel()
	u := startKubelet(t, fakeKubelet{anonymous: true})
	res := run(t, probe.Options{}, target(t, u))
	wantSummary(t, res.Findings, "probe-service pass", "probe-kubelet-anonymous-auth fail")
	f := one(t, res.Findings, "probe-kubelet-anonymous-auth")
	if f.Message != "GET "+u+"/pods answered 403 Forbidden: anonymous requests are authenticated (authorization refused this one)" ||
		f.Evidence[0].Detail != "Forbidden (user=system:anonymous, verb=get, resource=nodes, subresource=proxy)" {
		t.Errorf("got %q %+v", f.Message, f.Evidence)
	}
}

func TestKubeletAnonymousAlwaysAllow(t *testing.T) {
	t.Parallel()
	u := startKubelet(t, fakeKubelet{anonymous: true, allow: true})
	res := run(t, probe.Options{}, target(t, u))
	wantSummary(t, res.Findings, "probe-service pass",
		"probe-kubelet-anonymous-auth fail", "probe-kubelet-pods fail", "probe-kubelet-privileged-pod fail", "probe-kubelet-varlog-mount fail",
		"probe-kubelet-running-pods fail", "probe-kubelet-container-logs fail", "probe-kubelet-exec fail", "probe-kubelet-run fail",
		"probe-kubelet-attach fail", "probe-kubelet-portforward fail", "probe-kubelet-healthz fail", "probe-kubelet-pprof-cmdline fail",
		"probe-kubelet-configz fail", "probe-kubelet-host-logs fail")
	exec := one(t, res.Findings, "probe-kubelet-exec")
	if want := "GET " + u + "/exec/kubeward-probe/kubeward-probe/kubeward-probe?command=true&output=1 answered 404 Not Found without credentials"; exec.Message != want {
		t.Errorf("exec: %q, want %q", exec.Message, want)
	}
	if p := one(t, res.Findings, "probe-kubelet-privileged-pod"); p.Path != "kube-system/logger: spec.containers[0].securityContext.privileged" {
		t.Errorf("privileged path %q", p.Path)
	}
}

func TestKubeletReadOnlyPort(t *testing.T) {
	t.Parallel()
	u := startKubelet(t, fakeKubelet{readOnly: true})
	res := run(t, probe.Options{}, target(t, u))
	wantSummary(t, res.Findings, "probe-service pass", "probe-kubelet-readonly-port fail", "probe-kubelet-privileged-pod fail",
		"probe-kubelet-varlog-mount fail", "probe-kubelet-healthz fail", "probe-kubelet-version fail")
	if v := one(t, res.Findings, "probe-kubelet-version"); v.Message != "GET "+u+"/metrics answered 200 OK with kubernetes_build_info gitVersion v1.37.2" {
		t.Errorf("version: %q", v.Message)
	}
}
