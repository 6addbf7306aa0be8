package main_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kubeward/kubeward/internal/testcluster"
)

// benchNode writes a small node under a temporary root: a kubelet with a
// config file that turns anonymous auth off but leaves the read-only port
// open. Command lines and environments are NUL-separated, as in /proc.
func benchNode(t *testing.T, extra map[string]string) string {
	t.Helper()
	root := t.TempDir()
	files := map[string]string{
		"etc/hostname":    "node-a\n",
		"etc/passwd":      "root:x:0:0:root:/root:/bin/sh\n",
		"etc/group":       "root:x:0:\n",
		"proc/77/cmdline": "/usr/bin/kubelet\x00--config=/var/lib/kubelet/config.yaml\x00--kubeconfig=/etc/kubernetes/kubelet.conf\x00",
		"var/lib/kubelet/config.yaml": "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n" +
			"authentication: {anonymous: {enabled: false}, x509: {clientCAFile: /etc/kubernetes/pki/ca.crt}}\nreadOnlyPort: 10255\n",
		"etc/kubernetes/kubelet.conf": "apiVersion: v1\nkind: Config\n",
	}
	for k, v := range extra {
		files[k] = v
	}
	for name, data := range files {
		p := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

type benchReport struct {
	Bench struct {
		Benchmark, Selection, Node string
		Targets                    []string
		Totals                     map[string]int
	}
	Findings []struct {
		Check, Status, Message string
		Evidence               []map[string]string
	}
}

func benchJSON(t *testing.T, code int, args ...string) benchReport {
	t.Helper()
	r := run(t, "", kubeward, append([]string{"bench", "-o", "json"}, args...)...)
	wantCode(t, r, code)
	var rep benchReport
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("stdout is not a JSON report: %v\n%s\nstderr: %s", err, r.stdout, r.stderr)
	}
	return rep
}

func statuses(rep benchReport) map[string]string {
	m := map[string]string{}
	for _, f := range rep.Findings {
		m[f.Check] = f.Status
	}
	return m
}

func TestBenchExitCodesFollowFailOn(t *testing.T) {
	root := benchNode(t, nil)
	// 4.2.1 passes: nothing fails, exit 0.
	rep := benchJSON(t, 0, "--root", root, "--check", "4.2.1")
	if got := statuses(rep); len(got) != 1 || got["cis-4.2.1"] != "pass" {
		t.Fatalf("results %v", got)
	}
	ev := rep.Findings[0].Evidence
	if len(ev) != 1 || ev[0]["source"] != "config" || ev[0]["file"] != "/var/lib/kubelet/config.yaml" || ev[0]["value"] != "false" {
		t.Errorf("evidence %v", ev)
	}
	// 4.2.4 (high, not labelled Automated) warns: a warning at high fails
	// --fail-on high but not --fail-on critical.
	rep = benchJSON(t, 1, "--root", root, "--check", "4.2.4")
	if got := statuses(rep); got["cis-4.2.4"] != "warn" || rep.Findings[0].Message != `readOnlyPort is "10255", want "0" (/var/lib/kubelet/config.yaml)` {
		t.Fatalf("results %+v", rep.Findings)
	}
	benchJSON(t, 0, "--root", root, "--check", "4.2.4", "--fail-on", "critical")
	benchJSON(t, 0, "--root", root, "--check", "4.2.4", "--fail-on", "none")
}

func TestBenchCheckAndSkipFilter(t *testing.T) {
	root := benchNode(t, nil)
	rep := benchJSON(t, 1, "--root", root, "--check", "4.2.*,4.1.5", "--skip", "4.2.1,4.2.10")
	var ids []string
	for _, f := range rep.Findings {
		ids = append(ids, f.Check)
	}
	slices.Sort(ids)
	want := []string{"cis-4.1.5", "cis-4.2.11", "cis-4.2.12", "cis-4.2.13", "cis-4.2.14", "cis-4.2.2", "cis-4.2.3",
		"cis-4.2.4", "cis-4.2.5", "cis-4.2.6", "cis-4.2.7", "cis-4.2.8", "cis-4.2.9"}
	if !slices.Equal(ids, want) {
		t.Fatalf("checks %v, want %v", ids, want)
	}
	// Auto-detection: only the kubelet runs, so the node and policies
	// targets; no version is visible, so the newest benchmark.
	if strings.Join(rep.Bench.Targets, ",") != "node,policies" || rep.Bench.Benchmark != "cis-1.12" || rep.Bench.Node != "node-a" {
		t.Errorf("bench %+v", rep.Bench)
	}
}

func TestBenchTargetsAndNotEvaluated(t *testing.T) {
	root := benchNode(t, nil)
	rep := benchJSON(t, 0, "--root", root, "--targets", "master", "--check", "1.2.1,1.1.1", "--fail-on", "none")
	got := map[string]string{}
	for _, f := range rep.Findings {
		got[f.Check] = f.Status + ": " + f.Message
	}
	want := map[string]string{
		"cis-1.1.1": "not-evaluated: file not found: /etc/kubernetes/manifests/kube-apiserver.yaml",
		"cis-1.2.1": "not-evaluated: kube-apiserver is not running on this node",
	}
	if len(got) != 2 || got["cis-1.1.1"] != want["cis-1.1.1"] || got["cis-1.2.1"] != want["cis-1.2.1"] {
		t.Fatalf("results %v, want %v", got, want)
	}
}

func TestBenchDetectsK3s(t *testing.T) {
	root := benchNode(t, map[string]string{
		"proc/90/cmdline":             "/usr/local/bin/k3s\x00server\x00",
		"etc/rancher/k3s/config.yaml": "kube-apiserver-arg: [profiling=true]\n",
	})
	// 1.2.15 is low: it fails the run only from --fail-on low.
	benchJSON(t, 0, "--root", root, "--check", "1.2.1,1.2.15")
	rep := benchJSON(t, 1, "--root", root, "--check", "1.2.1,1.2.15", "--fail-on", "low")
	if rep.Bench.Benchmark != "k3s-cis-1.12" || rep.Bench.Selection != "k3s processes found" {
		t.Fatalf("bench %+v", rep.Bench)
	}
	got := statuses(rep)
	if got["cis-1.2.1"] != "pass" || got["cis-1.2.15"] != "fail" {
		t.Errorf("results %v", got)
	}
}

func TestBenchTableHasSectionTotals(t *testing.T) {
	root := benchNode(t, nil)
	r := run(t, "", kubeward, "bench", "--root", root, "--check", "4.2.1,4.2.4,4.1.1", "--fail-on", "none")
	wantCode(t, r, 0)
	for _, want := range []string{
		"[4.1] Worker Node Configuration Files (node)\n",
		"  == 4.1: 0 pass, 0 fail, 0 warn, 1 not evaluated\n",
		"  PASS          4.2.1   kubelet rejects anonymous requests\n",
		"  WARN          4.2.4   kubelet read-only port is off\n      readOnlyPort is \"10255\", want \"0\" (/var/lib/kubelet/config.yaml)\n",
		"  == 4.2: 1 pass, 0 fail, 1 warn, 0 not evaluated\n",
		"== Total: 1 pass, 0 fail, 1 warn, 1 not evaluated\n",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("table lacks %q:\n%s", want, r.stdout)
		}
	}
}

func TestBenchUsageErrors(t *testing.T) {
	root := benchNode(t, nil)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--benchmark", "cis-0.1"}, `kubeward: --benchmark: unknown benchmark "cis-0.1" (want one of cis-1.12, k3s-cis-1.12, rke2-cis-1.12)` + "\n"},
		{[]string{"--check", "9.9"}, `kubeward: check pattern "9.9" matches no check of cis-1.12` + "\n"},
		{[]string{"--targets", "workers"}, `kubeward: unknown target "workers" (want one of master, etcd, controlplane, node, policies)` + "\n"},
		{[]string{"-o", "xml"}, `kubeward: --output: unknown format "xml" (want one of json, junit, sarif, table)` + "\n"},
	} {
		r := run(t, "", kubeward, append([]string{"bench", "--root", root}, tc.args...)...)
		wantCode(t, r, 2)
		if r.stderr != tc.want || r.stdout != "" {
			t.Errorf("bench %v: stderr %q, stdout %q; want stderr %q", tc.args, r.stderr, r.stdout, tc.want)
		}
	}
	r := run(t, "", kubeward, "bench", "--root", filepath.Join(root, "missing"))
	wantCode(t, r, 2)
	if !strings.HasSuffix(r.stderr, "/missing is not a directory\n") {
		t.Errorf("stderr %q", r.stderr)
	}
}

// TestBenchCluster runs kubeward bench --cluster against a real
// kube-apiserver with one Node whose kubelet the API server refuses to
// proxy to (a loopback address): its kubelet checks are not evaluated
// with the API server's reason, never passed, and the policy checks are
// answered from the cluster's objects.
func TestBenchCluster(t *testing.T) {
	ctx := context.Background()
	tc, err := testcluster.Start(ctx, testcluster.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = tc.Stop() })
	cs := tc.AdminClient()
	n, err := cs.CoreV1().Nodes().Create(ctx, &corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: "w1"}}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	n.Status.Addresses = []corev1.NodeAddress{{Type: corev1.NodeInternalIP, Address: "127.0.0.1"}}
	n.Status.DaemonEndpoints.KubeletEndpoint.Port = 10250
	if _, err := cs.CoreV1().Nodes().UpdateStatus(ctx, n, metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}

	rep := benchJSON(t, 0, "--cluster", "--kubeconfig", tc.Kubeconfig(), "--check", "4.2.1,4.1.1,5.1.1", "--fail-on", "none")
	if rep.Bench.Node != "" || strings.Join(rep.Bench.Targets, ",") != "node,policies" ||
		!strings.HasPrefix(rep.Bench.Selection, "Kubernetes 1.37 ") {
		t.Errorf("bench %+v", rep.Bench)
	}
	got := map[string]string{}
	for _, f := range rep.Findings {
		got[f.Check] = f.Status + ": " + f.Message
	}
	want := map[string]string{
		"cis-4.1.1": "not-evaluated: bench --cluster reads no files of the node; run kubeward bench on the node (deploy/bench)",
		"cis-4.2.1": "not-evaluated: kubelet configuration not read through the API: GET nodes/proxy/configz: address not allowed",
		"cis-5.1.1": "pass: none found by rbac-cluster-admin-binding (61 objects), rbac-wildcard-admin-binding (141 objects)",
	}
	if len(got) != len(want) {
		t.Errorf("findings %v", got)
	}
	for id, w := range want {
		if got[id] != w {
			t.Errorf("%s = %q, want %q", id, got[id], w)
		}
	}

	r := run(t, "", kubeward, "bench", "--cluster", "--kubeconfig", tc.Kubeconfig(), "--check", "4.2.1", "--targets", "node")
	wantCode(t, r, 0)
	for _, line := range []string{"[4.2] Kubelet (node) on node w1", "NOT-EVALUATED 4.2.1   kubelet rejects anonymous requests"} {
		if !strings.Contains(r.stdout, line) {
			t.Errorf("table lacks %q:\n%s", line, r.stdout)
		}
	}
}
