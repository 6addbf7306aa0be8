package probe_test

import (
	"net"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kubeward/kubeward/internal/probe"
	"github.com/kubeward/kubeward/internal/testcluster"
)

// TestNodeTargets reads the nodes from the real API server, as
// `kubeward probe --nodes` does: a node reporting 127.0.0.1 and the port of
// a kubelet that lets anonymous requests through is probed on that port
// only, and a node reporting no address is a not-evaluated finding, never
// left out.
func TestNodeTargets(t *testing.T) {
	c := testcluster.Get(t)
	ctx := t.Context()
	cs := c.AdminClient()

	u := startKubelet(t, fakeKubelet{anonymous: true, allow: true})
	kurl, err := url.Parse(u)
	if err != nil {
		t.Fatal(err)
	}
	_, portStr, _ := net.SplitHostPort(kurl.Host)
	port, _ := strconv.Atoi(portStr)

	suffix := strconv.FormatInt(int64(port), 10)
	withAddr, noAddr := "kubeward-probe-node-"+suffix, "kubeward-probe-noaddr-"+suffix
	for _, name := range []string{withAddr, noAddr} {
		if _, err := cs.CoreV1().Nodes().Create(ctx, &corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: name}}, metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			_ = cs.CoreV1().Nodes().Delete(t.Context(), name, metav1.DeleteOptions{})
		})
	}
	n, err := cs.CoreV1().Nodes().Get(ctx, withAddr, metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	n.Status.Addresses = []corev1.NodeAddress{
		{Type: corev1.NodeInternalIP, Address: "127.0.0.1"},
		{Type: corev1.NodeHostName, Address: withAddr},
	}
	n.Status.DaemonEndpoints.KubeletEndpoint.Port = int32(port)
	if _, err := cs.CoreV1().Nodes().UpdateStatus(ctx, n, metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}

	targets, err := probe.NodeTargets(ctx, c.AdminConfig())
	if err != nil {
		t.Fatal(err)
	}
	want := []probe.Target{ // the API lists nodes by name
		{Node: noAddr, Unprobed: "status.addresses has no InternalIP or ExternalIP (reported: none)"},
		{Host: "127.0.0.1", Node: withAddr},
		{Host: "127.0.0.1", Port: port, Node: withAddr},
	}
	if !slices.Equal(targets, want) {
		t.Fatalf("targets:\n  got  %+v\n  want %+v", targets, want)
	}

	// An empty port list: the host-only target adds nothing, so only the
	// reported kubelet port is connected to, whatever else listens on the
	// loopback of the machine running the tests.
	res := run(t, probe.Options{Ports: []int{}}, targets...)
	wantSummary(t, res.Findings, "probe-error not-evaluated", "probe-service pass",
		"probe-kubelet-anonymous-auth fail", "probe-kubelet-pods fail", "probe-kubelet-privileged-pod fail", "probe-kubelet-varlog-mount fail",
		"probe-kubelet-running-pods fail", "probe-kubelet-container-logs fail", "probe-kubelet-exec fail", "probe-kubelet-run fail",
		"probe-kubelet-attach fail", "probe-kubelet-portforward fail", "probe-kubelet-healthz fail", "probe-kubelet-pprof-cmdline fail",
		"probe-kubelet-configz fail", "probe-kubelet-host-logs fail")

	if res.Tried != 1 || len(res.Services) != 1 {
		t.Errorf("tried %d endpoints, %d services; want the one kubelet port", res.Tried, len(res.Services))
	}
	endpoint := net.JoinHostPort("127.0.0.1", portStr)
	for _, f := range res.Findings {
		if f.Check == probe.ProbeError.ID {
			continue
		}
		if f.Object.Kind != "Endpoint" || f.Object.Name != endpoint {
			t.Errorf("%s on %s %s, want Endpoint %s", f.Check, f.Object.Kind, f.Object.Name, endpoint)
		}
		for _, e := range f.Evidence {
			if e.Source == "http" && !strings.Contains(e.Setting, "://"+endpoint+"/") {
				t.Errorf("%s: request %q is not to %s", f.Check, e.Setting, endpoint)
			}
		}
	}
	if s := one(t, res.Findings, "probe-service"); s.Message != "kubelet answers on "+endpoint+" over TLS" {
		t.Errorf("service: %q", s.Message)
	}
	if f := one(t, res.Findings, "probe-kubelet-anonymous-auth"); !strings.HasPrefix(f.Message, "GET "+u+"/pods answered 200 OK") {
		t.Errorf("anonymous auth: %q", f.Message)
	}
	if exec := one(t, res.Findings, "probe-kubelet-exec"); exec.Message != "GET "+u+"/exec/kubeward-probe/kubeward-probe/kubeward-probe?command=true&output=1 answered 404 Not Found without credentials" {
		t.Errorf("exec: %q", exec.Message)
	}

	e := one(t, res.Findings, "probe-error")
	if e.Object.Kind != "Node" || e.Object.Name != noAddr ||
		e.Message != "node "+noAddr+" has no address to probe: status.addresses has no InternalIP or ExternalIP (reported: none); its kubelet and other ports were not evaluated" {
		t.Errorf("node without addresses: %s %s: %q", e.Object.Kind, e.Object.Name, e.Message)
	}
}
