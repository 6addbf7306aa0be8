package probe_test

import (
	"fmt"
	"net"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/probe"
)

// target turns a URL or host:port on loopback into a probe target.
func target(t testing.TB, addr string) probe.Target {
	t.Helper()
	if u, err := url.Parse(addr); err == nil && u.Host != "" {
		addr = u.Host
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		t.Fatal(err)
	}
	if host != "127.0.0.1" && host != "::1" {
		t.Fatalf("tests probe loopback only, not %s", host)
	}
	p, _ := strconv.Atoi(port)
	return probe.Target{Host: host, Port: p}
}

// run probes targets with test timeouts.
func run(t testing.TB, opts probe.Options, targets ...probe.Target) *probe.Result {
	t.Helper()
	opts.Targets = append(opts.Targets, targets...)
	if opts.Timeout == 0 {
		opts.Timeout = 2 * time.Second
	}
	res, err := probe.Run(t.Context(), opts)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// summary is "check status" per finding, sorted, the shape tests compare.
func summary(fs []check.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Check+" "+string(f.Status))
	}
	slices.Sort(out)
	return out
}

func wantSummary(t *testing.T, fs []check.Finding, want ...string) {
	t.Helper()
	slices.Sort(want)
	if got := summary(fs); !slices.Equal(got, want) {
		t.Errorf("findings:\n  got  %q\n  want %q\n%s", got, want, dump(fs))
	}
}

func dump(fs []check.Finding) string {
	var b strings.Builder
	for _, f := range fs {
		fmt.Fprintf(&b, "  %s %s %s: %s\n", f.Check, f.Status, f.Object.Name, f.Message)
		for _, e := range f.Evidence {
			fmt.Fprintf(&b, "      %s %s = %s (%s)\n", e.Source, e.Setting, e.Value, e.Detail)
		}
	}
	return b.String()
}

// only is the findings of one check.
func only(fs []check.Finding, id string) []check.Finding {
	var out []check.Finding
	for _, f := range fs {
		if f.Check == id {
			out = append(out, f)
		}
	}
	return out
}

func one(t *testing.T, fs []check.Finding, id string) check.Finding {
	t.Helper()
	got := only(fs, id)
	if len(got) != 1 {
		t.Fatalf("want one %s finding, got %d:\n%s", id, len(got), dump(fs))
	}
	return got[0]
}

// eventually retries f until it returns true or 10 s pass: RBAC changes
// reach the authorizer through a watch.
func eventually(t *testing.T, what string, f func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !f() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within 10s", what)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
