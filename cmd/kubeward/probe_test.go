package main_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/kubeward/kubeward/internal/testcluster"
)

type probeReport struct {
	Metadata struct{ Mode string }
	Summary  struct{ Objects int }
	Findings []struct {
		Check, Status, Severity, Message string
		Object                           struct{ Kind, Name string }
	}
}

func probeJSON(t *testing.T, r result) probeReport {
	t.Helper()
	var rep probeReport
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("stdout is not a JSON report: %v\n%s\n%s", err, r.stdout, r.stderr)
	}
	return rep
}

func (p probeReport) checks() []string {
	var out []string
	for _, f := range p.Findings {
		out = append(out, f.Check+" "+f.Status)
	}
	slices.Sort(out)
	return out
}

func TestProbeUsage(t *testing.T) {
	t.Parallel()
	r := run(t, "", kubeward, "probe", "--explain", "KHV039")
	wantCode(t, r, 0)
	if !strings.HasPrefix(r.stdout, "probe-kubelet-exec: kubelet exec endpoint reachable\n") || !strings.Contains(r.stdout, "kube-hunter: KHV039") ||
		!strings.Contains(r.stdout, "MITRE:       T1609") {
		t.Errorf("explain:\n%s", r.stdout)
	}
	for _, c := range []struct {
		args []string
		msg  string
	}{
		{[]string{"probe", "--explain", "KHV999"}, `--explain: no probe "KHV999"`},
		{[]string{"probe"}, "nothing to probe"},
		{[]string{"probe", "--cidr", "10.0.0.0/8"}, "--cidr 10.0.0.0/8 has 2^24 addresses, more than a /16; pass --yes-scan-large-range"},
		{[]string{"probe", "127.0.0.1:99999"}, `port "99999" is not a number`},
		{[]string{"probe", "nosuchkind://127.0.0.1:1"}, `unknown kind "nosuchkind"`},
	} {
		r := run(t, "", kubeward, c.args...)
		wantCode(t, r, 2)
		if !strings.Contains(r.stderr, c.msg) {
			t.Errorf("%v: stderr %q, want %q", c.args, r.stderr, c.msg)
		}
	}
}

func TestProbeCommand(t *testing.T) {
	t.Parallel()
	c, err := testcluster.Start(t.Context(), testcluster.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Stop()
	host := strings.TrimPrefix(c.Host(), "https://")
	etcd := strings.TrimPrefix(c.EtcdURL(), "http://")

	// Version disclosure is info: it fails a run only at --fail-on info.
	r := run(t, "", kubeward, "probe", host, "-o", "json", "--fail-on", "info", "--as-of", "2026-11-25")
	wantCode(t, r, 1)
	rep := probeJSON(t, r)
	if rep.Metadata.Mode != "probe" || rep.Summary.Objects != 1 {
		t.Errorf("metadata %+v summary %+v", rep.Metadata, rep.Summary)
	}
	want := []string{"probe-apiserver-anonymous-access pass", "probe-apiserver-anonymous-list pass", "probe-apiserver-version fail", "probe-service pass"}
	var got []string
	for _, s := range rep.checks() {
		if !strings.HasPrefix(s, "k8s-") {
			got = append(got, s)
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("checks %q, want %q", got, want)
	}
	// etcd on plain HTTP is critical: exit 1 at the default --fail-on high.
	r = run(t, "", kubeward, "probe", host, "etcd://"+etcd, "-o", "json")
	wantCode(t, r, 1)
	if got := probeJSON(t, r).checks(); !slices.Contains(got, "probe-etcd-plain-http fail") {
		t.Errorf("checks %q lack probe-etcd-plain-http", got)
	}
	r = run(t, "", kubeward, "probe", host, "-o", "table", "--fail-on", "high")
	wantCode(t, r, 0)
	if !strings.Contains(r.stdout, "probe-apiserver-version") {
		t.Errorf("table:\n%s", r.stdout)
	}
}

// TestProbeFromPod runs the in-pod probes with the pod's files and the
// metadata service pointed at a temp dir and a loopback server.
func TestProbeFromPod(t *testing.T) {
	t.Parallel()
	c, err := testcluster.Start(t.Context(), testcluster.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Stop() }) // after the namespace's own cleanup
	ns := c.Namespace(t)
	cfg, err := c.ServiceAccountConfig(t.Context(), ns, "app")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	sa := filepath.Join(dir, "secrets", "kubernetes.io", "serviceaccount")
	if err := os.MkdirAll(sa, 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(sa, "token"), cfg.BearerToken)
	writeFile(t, filepath.Join(sa, "ca.crt"), string(c.CAPEM()))
	writeFile(t, filepath.Join(dir, "status"), "Name:\tkubeward\nCapEff:\t00000000a80425fb\n") // the container runtime default set
	// An AWS-style IMDSv2 that answers; the Azure and GCP paths 404.
	imds := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Method == http.MethodPut && r.URL.Path == "/latest/api/token":
			fmt.Fprint(w, "imds-token")
		case r.URL.Path == "/latest/meta-data/" && r.Header.Get("X-aws-ec2-metadata-token") == "imds-token":
			fmt.Fprint(w, "ami-id\nhostname\niam/\n")
		default:
			http.NotFound(w, r)
		}
	}))
	defer imds.Close()
	u, _ := url.Parse(c.Host())
	cmd := exec.Command(kubeward, "probe", "--from-pod", "-n", ns, "-o", "json", "--fail-on", "none",
		"--pod-secrets-dir", filepath.Join(dir, "secrets"), "--pod-proc-status", filepath.Join(dir, "status"), "--pod-metadata-url", imds.URL)
	cmd.Env = append(os.Environ(), "KUBERNETES_SERVICE_HOST="+u.Hostname(), "KUBERNETES_SERVICE_PORT="+u.Port(), "HOSTNAME=app-0")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("probe --from-pod: %v\n%s", err, out)
	}
	rep := probeJSON(t, result{stdout: string(out)})
	want := []string{
		"probe-apiserver-anonymous-access pass", "probe-apiserver-anonymous-list pass", "probe-apiserver-token-access fail", "probe-apiserver-token-list pass",
		"probe-apiserver-version fail", "probe-cloud-metadata-aws fail", "probe-cloud-metadata-azure pass", "probe-cloud-metadata-gcp pass",
		"probe-pod-cap-net-raw fail", "probe-pod-sa-token fail", "probe-pod-secret-files fail", "probe-service pass",
	}
	var got []string
	for _, s := range rep.checks() {
		if !strings.HasPrefix(s, "k8s-") {
			got = append(got, s)
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("checks:\n got  %q\n want %q", got, want)
	}
}
