package probe_test

import (
	"net"
	"net/url"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/kubeward/kubeward/internal/probe"
	"github.com/kubeward/kubeward/internal/testcluster"
)

// localControlPlane is the options that discover 127.0.0.1's Kubernetes
// ports, the harness's API server and etcd ports included, and run every
// passive probe on what answers.
func localControlPlane(t testing.TB) probe.Options {
	c := testcluster.Get(t)
	ports := slices.Clone(probe.DefaultPorts)
	for _, u := range []string{c.Host(), c.EtcdURL()} {
		pu, _ := url.Parse(u)
		p, _ := strconv.Atoi(pu.Port())
		ports = append(ports, p)
	}
	return probe.Options{Targets: []probe.Target{{Host: "127.0.0.1"}}, Ports: ports, Timeout: 2 * time.Second}
}

// TestLocalControlPlaneUnder2s: discovery of one host's ports and all
// passive probes on the local control plane in under 2 s.
func TestLocalControlPlaneUnder2s(t *testing.T) {
	opts := localControlPlane(t)
	start := time.Now()
	res := run(t, opts)
	took := time.Since(start)
	t.Logf("127.0.0.1: %d ports, %d services, %d findings in %s", res.Tried, len(res.Services), len(res.Findings), took)
	if took > 2*time.Second {
		t.Errorf("took %s, want under 2s", took)
	}
	var kinds []probe.Kind
	for _, s := range res.Services {
		kinds = append(kinds, s.Kind)
	}
	if !slices.Contains(kinds, probe.KindAPIServer) || !slices.Contains(kinds, probe.KindEtcd) {
		t.Errorf("services found: %v, want the API server and etcd among them", kinds)
	}
}

func BenchmarkLocalControlPlane(b *testing.B) {
	opts := localControlPlane(b)
	for b.Loop() {
		if _, err := probe.Run(b.Context(), opts); err != nil {
			b.Fatal(err)
		}
	}
}

// The /24 sweep runs in a network namespace of its own, made by
// re-running this test binary under `unshare -n`: in it 192.0.2.0/24
// (TEST-NET-1) is routed to the namespace's loopback, so every address
// exists and every port is closed, and nothing can leave the namespace.
const netnsChild = "KUBEWARD_PROBE_NETNS_CHILD"

func TestSweepSlash24InNetworkNamespace(t *testing.T) {
	if os.Getenv(netnsChild) == "1" {
		sweepInChild(t)
		return
	}
	cmd := exec.Command("unshare", "-n", "--", os.Args[0], "-test.run=^TestSweepSlash24InNetworkNamespace$", "-test.v", "-test.count=1")
	cmd.Env = append(os.Environ(), netnsChild+"=1", testcluster.EnvSwitch+"=off")
	out, err := cmd.CombinedOutput()
	t.Logf("in the network namespace:\n%s", out)
	if err != nil {
		t.Fatalf("sweep in a network namespace: %v", err)
	}
}

func sweepInChild(t *testing.T) {
	ifs, err := net.Interfaces()
	if err != nil {
		t.Fatal(err)
	}
	if len(ifs) != 1 || ifs[0].Name != "lo" {
		t.Fatalf("not in a fresh network namespace (interfaces %v): refusing to sweep", ifs)
	}
	for _, args := range [][]string{{"link", "set", "lo", "up"}, {"route", "add", "local", "192.0.2.0/24", "dev", "lo"}} {
		if out, err := exec.Command("ip", args...).CombinedOutput(); err != nil {
			t.Fatalf("ip %v: %v\n%s", args, err, out)
		}
	}
	hosts, err := probe.ExpandCIDR("192.0.2.0/24", false)
	if err != nil {
		t.Fatal(err)
	}
	var targets []probe.Target
	for _, h := range hosts {
		targets = append(targets, probe.Target{Host: h})
	}
	start := time.Now()
	res, err := probe.Run(t.Context(), probe.Options{Targets: targets, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	took := time.Since(start)
	t.Logf("/24 sweep: %d hosts, %d endpoints, %d open, in %s", len(hosts), res.Tried, len(res.Services), took)
	if res.Tried != 254*len(probe.DefaultPorts) || len(res.Services) != 0 || len(res.Findings) != 0 {
		t.Errorf("tried %d endpoints, found %d services, %d findings; want %d, 0, 0", res.Tried, len(res.Services), len(res.Findings), 254*len(probe.DefaultPorts))
	}
	if took > 10*time.Second {
		t.Errorf("took %s, want under 10s", took)
	}
}
