package clusterbench_test

import (
	"context"
	"crypto/tls"
	"fmt"
	"github.com/kubeward/kubeward/internal/bench"
	"github.com/kubeward/kubeward/internal/check"
	"maps"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kubeward/kubeward/internal/bench/clusterbench"
	"github.com/kubeward/kubeward/internal/cluster"
	"github.com/kubeward/kubeward/internal/testcluster"
)

// hostIP is an address of this machine the API server agrees to proxy
// to: it refuses loopback and link-local addresses for nodes/proxy
// ("address not allowed"), so the fake kubelet listens on a global
// unicast address of an interface.
func hostIP(t *testing.T) string {
	t.Helper()
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range addrs {
		if n, ok := a.(*net.IPNet); ok && n.IP.To4() != nil && n.IP.IsGlobalUnicast() {
			return n.IP.String()
		}
	}
	t.Fatalf("this machine has no global unicast IPv4 address for the fake kubelet to listen on (addresses: %v)", addrs)
	return ""
}

// fakeKubelet serves configz over HTTPS on addr, as a kubelet does, and
// counts the requests it gets.
type fakeKubelet struct {
	srv   *httptest.Server
	calls atomic.Int32
}

func startKubelet(t *testing.T, ip, configz string) *fakeKubelet {
	t.Helper()
	k := &fakeKubelet{}
	ln, err := net.Listen("tcp", net.JoinHostPort(ip, "0"))
	if err != nil {
		t.Fatal(err)
	}
	k.srv = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		k.calls.Add(1)
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

// TestKubeletConfigzThroughTheRealProxy serves two kubelets' configz on
// this machine, points Nodes at them through their status, and reads them
// the way bench --cluster does: through the real API server's node proxy.
// Two more Nodes cannot be reached: one at a loopback address (which the
// API server refuses to proxy to) and one with no address at all.
func TestKubeletConfigzThroughTheRealProxy(t *testing.T) {
	c := testcluster.Get(t)
	ip := hostIP(t)
	good := startKubelet(t, ip, hardenedConfigz)
	bad := startKubelet(t, ip, insecureConfigz)
	createNode(t, c, "cz-hardened", ip, good.port(t))
	createNode(t, c, "cz-insecure", ip, bad.port(t))
	createNode(t, c, "cz-loopback", "127.0.0.1", good.port(t))
	createNode(t, c, "cz-noaddr", "", 0)
	createNode(t, c, "cz-refused", ip, closedPort(t, ip))

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
		"cz-refused":  "GET nodes/proxy/configz: error trying to reach service: dial tcp " + ip + ":" + fmt.Sprint(closedPort(t, ip)) + ": connect: connection refused",
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
}

// closedPort is a port on ip that nothing listens on: one just released.
var closed = map[string]int32{}

func closedPort(t *testing.T, ip string) int32 {
	if p, ok := closed[ip]; ok {
		return p
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(ip, "0"))
	if err != nil {
		t.Fatal(err)
	}
	_, p, _ := net.SplitHostPort(ln.Addr().String())
	ln.Close()
	n, _ := strconv.Atoi(p)
	closed[ip] = int32(n)
	return int32(n)
}
