package probe_test

import (
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/probe"
	"github.com/kubeward/kubeward/internal/testcluster"
)

// faultyServer accepts connections on loopback and treats each with serve.
func faultyServer(t *testing.T, serve func(net.Conn)) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go serve(c)
		}
	}()
	return l.Addr().String()
}

func TestFaultyTargetsDoNotStallTheRun(t *testing.T) {
	t.Parallel()
	c := testcluster.Get(t)
	hang := faultyServer(t, func(c net.Conn) {
		time.Sleep(10 * time.Second)
		c.Close()
	})
	reset := faultyServer(t, func(c net.Conn) {
		c.(*net.TCPConn).SetLinger(0)
		c.Close()
	})
	garbage := faultyServer(t, func(c net.Conn) {
		c.Write([]byte("\x00\xff\x13garbage that is neither TLS nor HTTP\r\n\r\n"))
		time.Sleep(50 * time.Millisecond)
		c.Close()
	})
	start := time.Now()
	res := run(t, probe.Options{Timeout: time.Second},
		target(t, hang), target(t, reset), target(t, garbage), target(t, c.Host()))
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("run took %s with faulty targets and a 1s timeout", took)
	}
	errs := map[string]check.Finding{}
	for _, f := range only(res.Findings, "probe-error") {
		errs[f.Object.Name] = f
		if f.Status != check.StatusError {
			t.Errorf("%s: status %s, want error", f.Object.Name, f.Status)
		}
	}
	wants := map[string]string{
		hang:    "TLS handshake: no answer within 1s (unknown); what it exposes was not evaluated",
		reset:   "connection reset by the target",
		garbage: "not an HTTP answer",
	}
	for addr, want := range wants {
		if f, ok := errs[addr]; !ok || !strings.Contains(f.Message, want) {
			t.Errorf("%s: got %q, want it to contain %q", addr, f.Message, want)
		}
	}
	if len(errs) != 3 {
		t.Errorf("want 3 probe-error findings:\n%s", dump(res.Findings))
	}
	// The good target was probed in full next to them.
	if v := only(res.Findings, "probe-apiserver-version"); len(v) != 1 || v[0].Status != check.StatusFail {
		t.Errorf("the API server was not probed:\n%s", dump(res.Findings))
	}
}

func TestClosedNamedPortIsNotEvaluated(t *testing.T) {
	t.Parallel()
	addr := target(t, "127.0.0.1:"+strconv.Itoa(freePort(t)))
	res := run(t, probe.Options{Timeout: 300 * time.Millisecond}, addr)
	wantSummary(t, res.Findings, "probe-error not-evaluated")
}
