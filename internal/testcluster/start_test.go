package testcluster_test

import (
	"net"
	"strconv"
	"strings"
	"testing"

	"github.com/kubeward/kubeward/internal/testcluster"
)

func TestStartFailureShowsAPIServerLog(t *testing.T) {
	t.Parallel()
	// Needs the binaries, which Main found when it started the shared one.
	testcluster.Get(t)
	c, err := testcluster.Start(t.Context(), testcluster.Options{ExtraAPIServerFlags: []string{"--no-such-flag=1"}})
	if err == nil {
		c.Stop()
		t.Fatal("Start succeeded with an unknown apiserver flag")
	}
	for _, want := range []string{"kube-apiserver exited", "last lines of its log", "unknown flag: --no-such-flag"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("Start error does not mention %q:\n%v", want, err)
		}
	}
}

func TestStartRejectsMalformedExtraFlags(t *testing.T) {
	t.Parallel()
	for _, flag := range []string{"audit-log-maxage=3", "-v", "--", "--=x"} {
		_, err := testcluster.Start(t.Context(), testcluster.Options{ExtraAPIServerFlags: []string{flag}})
		if err == nil || !strings.Contains(err.Error(), "want --name=value") {
			t.Errorf("extra flag %q: err = %v, want a malformed-flag error", flag, err)
		}
	}
}

// A port taken by someone else makes Start retry on new ports; pinning the
// apiserver to a taken port makes every attempt fail the same way.
func TestStartGivesUpOnTakenPort(t *testing.T) {
	t.Parallel()
	testcluster.Get(t)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	port := l.Addr().(*net.TCPAddr).Port
	c, err := testcluster.Start(t.Context(), testcluster.Options{ExtraAPIServerFlags: []string{"--secure-port=" + strconv.Itoa(port)}})
	if err == nil {
		c.Stop()
		t.Fatal("Start succeeded on a taken port")
	}
	for _, want := range []string{"a port was taken on each of 3 attempts", "kube-apiserver exited", "address already in use"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("Start error does not mention %q:\n%v", want, err)
		}
	}
}
