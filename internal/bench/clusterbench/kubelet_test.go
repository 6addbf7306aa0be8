package clusterbench_test

import (
	"context"
	"crypto/tls"
	"fmt"
	"maps"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"golang.org/x/sys/unix"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kubeward/kubeward/internal/bench"
	"github.com/kubeward/kubeward/internal/bench/clusterbench"
	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/cluster"
	"github.com/kubeward/kubeward/internal/testcluster"
)

// kubeletNet is a network namespace of the test's own, joined to this
// one by a veth pair on a private /30: the fake kubelets listen in the
// namespace at nsIP and the API server, here, reaches them through the
// veth from hostIP. The API server refuses to proxy to loopback and
// link-local addresses ("address not allowed"), so the kubelets need an
// ordinary address, and this way no address of the machine is used.
type kubeletNet struct {
	name   string // the namespace, as `ip netns` knows it
	hostIP string // the veth end in this namespace
	nsIP   string // the veth end in the test's namespace
}

// newKubeletNet creates the namespace and the veth pair and removes them
// when the test ends. It needs root (CAP_SYS_ADMIN and CAP_NET_ADMIN) and
// the ip command of iproute2; without either the test fails.
func newKubeletNet(t *testing.T) *kubeletNet {
	t.Helper()
	if _, err := exec.LookPath("ip"); err != nil {
		t.Fatalf("the fake kubelets run in a network namespace of the test's own, made with the ip command, and there is none: install iproute2 (%v)", err)
	}
	id := fmt.Sprintf("%08x", rand.Uint32())
	n := &kubeletNet{name: "kw-" + id}
	hostEnd, nsEnd := "kw"+id+"h", "kw"+id+"n" // at most 15 characters
	var subnet netip.Prefix
	for range 100 {
		// 10.213.X.Y/30, chosen at random so that runs in parallel do
		// not share a subnet, and not one this machine already has.
		b := netip.AddrFrom4([4]byte{10, 213, byte(rand.IntN(256)), byte(rand.IntN(64) * 4)})
		if p := netip.PrefixFrom(b, 30); !localSubnet(t, p) {
			subnet = p
			break
		}
	}
	if !subnet.IsValid() {
		t.Fatal("no free /30 in 10.213.0.0/16 for the fake kubelets' network namespace")
	}
	host := subnet.Addr().Next()
	n.hostIP, n.nsIP = host.String(), host.Next().String()

	ip := func(args ...string) {
		t.Helper()
		if out, err := exec.Command("ip", args...).CombinedOutput(); err != nil {
			t.Fatalf("creating the fake kubelets' network namespace: ip %s: %v\n%s(this needs root with CAP_SYS_ADMIN and CAP_NET_ADMIN; effective uid %d)",
				strings.Join(args, " "), err, out, os.Geteuid())
		}
	}
	ip("netns", "add", n.name)
	// Registered first, so run last: after the servers in the namespace
	// have closed their sockets. Deleting the namespace deletes its veth
	// end and with it the peer; the host end is deleted first anyway, in
	// case a socket still holds the namespace.
	t.Cleanup(func() {
		_ = exec.Command("ip", "link", "del", hostEnd).Run()
		if out, err := exec.Command("ip", "netns", "del", n.name).CombinedOutput(); err != nil {
			t.Errorf("ip netns del %s: %v\n%s", n.name, err, out)
		}
	})
	ip("link", "add", hostEnd, "type", "veth", "peer", "name", nsEnd)
	ip("link", "set", nsEnd, "netns", n.name)
	ip("addr", "add", n.hostIP+"/30", "dev", hostEnd)
	ip("link", "set", hostEnd, "up")
	ip("-n", n.name, "addr", "add", n.nsIP+"/30", "dev", nsEnd)
	ip("-n", n.name, "link", "set", nsEnd, "up")
	ip("-n", n.name, "link", "set", "lo", "up")
	return n
}

// localSubnet reports whether an address of this namespace is in p.
func localSubnet(t *testing.T, p netip.Prefix) bool {
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range addrs {
		if n, ok := a.(*net.IPNet); ok {
			if ip, ok := netip.AddrFromSlice(n.IP); ok && p.Contains(ip.Unmap()) {
				return true
			}
		}
	}
	return false
}

// listen opens a TCP socket on nsIP inside the namespace. The socket stays
// in the namespace it was created in, so it can be served from any thread.
// The calling goroutine's thread enters the namespace only for the
// net.Listen and goes back; if it cannot go back, it stays locked so that
// the runtime discards it when the goroutine ends.
func (n *kubeletNet) listen(t *testing.T) net.Listener {
	t.Helper()
	type result struct {
		ln  net.Listener
		err error
	}
	done := make(chan result)
	go func() {
		runtime.LockOSThread()
		r := func() result {
			orig, err := os.Open("/proc/thread-self/ns/net")
			if err != nil {
				return result{err: err}
			}
			defer orig.Close()
			ns, err := os.Open("/var/run/netns/" + n.name)
			if err != nil {
				return result{err: err}
			}
			defer ns.Close()
			if err := unix.Setns(int(ns.Fd()), unix.CLONE_NEWNET); err != nil {
				return result{err: fmt.Errorf("setns into %s: %w", n.name, err)}
			}
			ln, lerr := net.Listen("tcp", net.JoinHostPort(n.nsIP, "0"))
			if err := unix.Setns(int(orig.Fd()), unix.CLONE_NEWNET); err != nil {
				if ln != nil {
					ln.Close()
				}
				return result{err: fmt.Errorf("setns back from %s: %w", n.name, err)}
			}
			runtime.UnlockOSThread()
			return result{ln, lerr}
		}()
		done <- r
	}()
	r := <-done
	if r.err != nil {
		t.Fatalf("listening in network namespace %s: %v", n.name, r.err)
	}
	return r.ln
}

// fakeKubelet serves configz over HTTPS, as a kubelet does, and counts
// the requests it gets and notes where they came from.
type fakeKubelet struct {
	srv   *httptest.Server
	calls atomic.Int32
	from  sync.Map // remote IP → true
}

func startKubelet(t *testing.T, kn *kubeletNet, configz string) *fakeKubelet {
	t.Helper()
	k := &fakeKubelet{}
	ln := kn.listen(t)
	k.srv = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		k.calls.Add(1)
		if h, _, err := net.SplitHostPort(r.RemoteAddr); err == nil {
			k.from.Store(h, true)
		}
		if r.URL.Path != "/configz" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, configz)
	}))
	k.srv.Listener.Close()
	k.srv.Listener = ln
	k.srv.TLS = &tls.Config{MinVersion: tls.VersionTLS12}
	k.srv.StartTLS()
	t.Cleanup(k.srv.Close)
	return k
}

func (k *fakeKubelet) port(t *testing.T) int32 {
	_, p, _ := net.SplitHostPort(k.srv.Listener.Addr().String())
	n, err := strconv.Atoi(p)
	if err != nil {
		t.Fatal(err)
	}
	return int32(n)
}

// createNode stores a Node whose status points the API server's node
// proxy at ip:port (no address at all when ip is empty), and deletes it
// when the test ends.
func createNode(t *testing.T, c *testcluster.Cluster, name, ip string, port int32) {
	t.Helper()
	ctx := context.Background()
	cs := c.AdminClient()
	n, err := cs.CoreV1().Nodes().Create(ctx, &corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: name}}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cs.CoreV1().Nodes().Delete(context.Background(), name, metav1.DeleteOptions{}) })
	if ip == "" {
		return
	}
	n.Status.Addresses = []corev1.NodeAddress{{Type: corev1.NodeInternalIP, Address: ip}}
	n.Status.DaemonEndpoints.KubeletEndpoint.Port = port
	if _, err := cs.CoreV1().Nodes().UpdateStatus(ctx, n, metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
}

func client(t *testing.T, c *testcluster.Cluster) *cluster.Client {
	t.Helper()
	cl, err := cluster.NewClient(c.AdminConfig(), "test", cluster.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return cl
}

const hardenedConfigz = `{"kubeletconfig":{"enableServer":true,"port":10250,
"authentication":{"x509":{"clientCAFile":"/etc/kubernetes/pki/ca.crt"},"webhook":{"enabled":true,"cacheTTL":"2m0s"},"anonymous":{"enabled":false}},
"authorization":{"mode":"Webhook","webhook":{"cacheAuthorizedTTL":"5m0s","cacheUnauthorizedTTL":"30s"}},
"streamingConnectionIdleTimeout":"5m0s","makeIPTablesUtilChains":true,"eventRecordQPS":50,
"tlsCertFile":"/var/lib/kubelet/pki/kubelet.crt","tlsPrivateKeyFile":"/var/lib/kubelet/pki/kubelet.key",
"rotateCertificates":true,"featureGates":{"RotateKubeletServerCertificate":true},
"tlsCipherSuites":["TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256","TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"],
"podPidsLimit":4096,"seccompDefault":true}}`

// insecureConfigz is a kubelet left open: every setting the benchmark
// reads is at an unsafe value or absent (the kubelet omits unset fields
// and false or zero ones that have no pointer type, such as
// rotateCertificates, so their defaults apply).
const insecureConfigz = `{"kubeletconfig":{"enableServer":true,"port":10250,
"authentication":{"x509":{},"webhook":{"enabled":false},"anonymous":{"enabled":true}},
"authorization":{"mode":"AlwaysAllow"},"readOnlyPort":10255,
"streamingConnectionIdleTimeout":"0s","makeIPTablesUtilChains":false,"eventRecordQPS":5,
"featureGates":{"RotateKubeletServerCertificate":false},
"tlsCipherSuites":["TLS_RSA_WITH_AES_128_CBC_SHA"]}}`

// TestKubeletConfigzThroughTheRealProxy serves two kubelets' configz in
// a network namespace of the test's own, points Nodes at them through
// their status, and reads them the way bench --cluster does: through the
// real API server's node proxy, which reaches them over a veth pair.
// Three more Nodes cannot be reached: one at a loopback address (which the
// API server refuses to proxy to), one with no address at all and one at
// a port of the namespace that nothing listens on.
func TestKubeletConfigzThroughTheRealProxy(t *testing.T) {
	c := testcluster.Get(t)
	kn := newKubeletNet(t)
	good := startKubelet(t, kn, hardenedConfigz)
	bad := startKubelet(t, kn, insecureConfigz)
	closed := closedPort(t, kn)
	createNode(t, c, "cz-hardened", kn.nsIP, good.port(t))
	createNode(t, c, "cz-insecure", kn.nsIP, bad.port(t))
	createNode(t, c, "cz-loopback", "127.0.0.1", good.port(t))
	createNode(t, c, "cz-noaddr", "", 0)
	createNode(t, c, "cz-refused", kn.nsIP, closed)
	for _, name := range []string{"cz-hardened", "cz-insecure", "cz-refused"} {
		n, err := c.AdminClient().CoreV1().Nodes().Get(context.Background(), name, metav1.GetOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if a := n.Status.Addresses; len(a) != 1 || a[0].Address != kn.nsIP {
			t.Fatalf("node %s: status addresses %v, want %s (the namespace's end of the veth)", name, a, kn.nsIP)
		}
	}

	b, err := bench.Load("cis-1.12")
	if err != nil {
		t.Fatal(err)
	}
	out, err := clusterbench.Run(context.Background(), client(t, c), b, bench.Options{Targets: []string{"node"}, Checks: []string{"4.2", "4.1.1", "4.3.1"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Shared) != 0 {
		t.Errorf("results about no node: %d", len(out.Shared))
	}
	got := map[string]map[string]string{}
	for _, n := range out.Nodes {
		if !strings.HasPrefix(n.Node, "cz-") {
			continue
		}
		got[n.Node] = map[string]string{}
		for _, r := range n.Results {
			got[n.Node][r.Check.ID] = string(r.Status) + " " + r.Reason
			if n.Node == "cz-insecure" && r.Check.ID == "4.2.1" {
				wantEv := check.Evidence{Source: "config", Setting: "authentication.anonymous.enabled", Value: "true", File: "configz of node cz-insecure"}
				if len(r.Evidence) != 1 || r.Evidence[0] != wantEv {
					t.Errorf("4.2.1 evidence on cz-insecure = %+v, want %+v", r.Evidence, wantEv)
				}
			}
		}
	}
	fileReason := "NOT-EVALUATED bench --cluster reads no files of the node; run kubeward bench on the node (deploy/bench)"
	proxyReason := "NOT-EVALUATED bench --cluster sees no kube-proxy command line or config; run kubeward bench on the node (deploy/bench)"
	flagReason := "NOT-EVALUATED --hostname-override is a command-line flag and the kubelet's command line is not part of its configz"
	want := map[string]map[string]string{
		"cz-hardened": {
			"4.1.1":  fileReason,
			"4.2.1":  `PASS authentication.anonymous.enabled is "false" (configz of node cz-hardened)`,
			"4.2.2":  `PASS authorization.mode is "Webhook" (configz of node cz-hardened)`,
			"4.2.3":  `PASS authentication.x509.clientCAFile is "/etc/kubernetes/pki/ca.crt" (configz of node cz-hardened)`,
			"4.2.4":  `PASS readOnlyPort is "0" (default)`,
			"4.2.5":  `PASS streamingConnectionIdleTimeout is "5m0s" (configz of node cz-hardened)`,
			"4.2.6":  `PASS makeIPTablesUtilChains is "true" (configz of node cz-hardened)`,
			"4.2.7":  flagReason,
			"4.2.8":  `PASS eventRecordQPS is "50" (configz of node cz-hardened)`,
			"4.2.9":  `PASS tlsCertFile is "/var/lib/kubelet/pki/kubelet.crt" (configz of node cz-hardened); tlsPrivateKeyFile is "/var/lib/kubelet/pki/kubelet.key" (configz of node cz-hardened)`,
			"4.2.10": `PASS rotateCertificates is "true" (configz of node cz-hardened)`,
			"4.2.11": `PASS featureGates.RotateKubeletServerCertificate is "true" (configz of node cz-hardened)`,
			"4.2.12": `PASS tlsCipherSuites is "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256" (configz of node cz-hardened)`,
			"4.2.13": `PASS podPidsLimit is "4096" (configz of node cz-hardened)`,
			"4.2.14": `PASS seccompDefault is "true" (configz of node cz-hardened)`,
			"4.3.1":  proxyReason,
		},
		"cz-insecure": {
			"4.1.1":  fileReason,
			"4.2.1":  `FAIL authentication.anonymous.enabled is "true", want "false" (configz of node cz-insecure)`,
			"4.2.2":  `FAIL authorization.mode is "AlwaysAllow", which includes AlwaysAllow (configz of node cz-insecure)`,
			"4.2.3":  `FAIL authentication.x509.clientCAFile is not set`,
			"4.2.4":  `WARN readOnlyPort is "10255", want "0" (configz of node cz-insecure)`,
			"4.2.5":  `WARN streamingConnectionIdleTimeout is "0s", must not be "0" (configz of node cz-insecure)`,
			"4.2.6":  `FAIL makeIPTablesUtilChains is "false", want "true" (configz of node cz-insecure)`,
			"4.2.7":  flagReason,
			"4.2.8":  `PASS eventRecordQPS is "5" (configz of node cz-insecure)`,
			"4.2.9":  `WARN tlsCertFile is not set; tlsPrivateKeyFile is not set`,
			"4.2.10": `FAIL rotateCertificates is "false", want "true" (default)`,
			"4.2.11": `WARN featureGates.RotateKubeletServerCertificate is "false", must not be "false" (configz of node cz-insecure)`,
			"4.2.12": `WARN tlsCipherSuites includes TLS_RSA_WITH_AES_128_CBC_SHA, not in the allowed list (configz of node cz-insecure)`,
			"4.2.13": `WARN podPidsLimit is not set`,
			"4.2.14": `WARN seccompDefault is "false", want "true" (default)`,
			"4.3.1":  proxyReason,
		},
	}
	unreachable := map[string]string{
		"cz-loopback": "GET nodes/proxy/configz: address not allowed",
		"cz-noaddr":   "GET nodes/proxy/configz: no preferred addresses found; known addresses: []",
		"cz-refused":  "GET nodes/proxy/configz: error trying to reach service: dial tcp " + kn.nsIP + ":" + fmt.Sprint(closed) + ": connect: connection refused",
	}
	for name, reason := range unreachable {
		w := maps.Clone(want["cz-hardened"])
		for id := range w {
			if strings.HasPrefix(id, "4.2.") {
				w[id] = "NOT-EVALUATED kubelet configuration not read through the API: " + reason
			}
		}
		want[name] = w
	}
	for node, checks := range want {
		for id, w := range checks {
			if g := got[node][id]; g != w {
				t.Errorf("%s %s:\n got %s\nwant %s", node, id, g, w)
			}
		}
		if len(got[node]) != len(checks) {
			t.Errorf("%s: %d results, want %d", node, len(got[node]), len(checks))
		}
	}
	// The API server really asked the fake kubelets.
	if good.calls.Load() != 1 || bad.calls.Load() != 1 {
		t.Errorf("configz requests: hardened %d, insecure %d; want 1 each", good.calls.Load(), bad.calls.Load())
	}
	// And it reached them through the veth, from its end in this namespace.
	for name, k := range map[string]*fakeKubelet{"hardened": good, "insecure": bad} {
		var from []string
		k.from.Range(func(ip, _ any) bool { from = append(from, ip.(string)); return true })
		if len(from) != 1 || from[0] != kn.hostIP {
			t.Errorf("%s kubelet asked from %v, want only %s (this namespace's end of the veth)", name, from, kn.hostIP)
		}
	}
}

// closedPort is a port of the namespace's address that nothing listens
// on: one just released.
func closedPort(t *testing.T, kn *kubeletNet) int32 {
	t.Helper()
	ln := kn.listen(t)
	_, p, _ := net.SplitHostPort(ln.Addr().String())
	ln.Close()
	n, err := strconv.Atoi(p)
	if err != nil {
		t.Fatal(err)
	}
	return int32(n)
}
