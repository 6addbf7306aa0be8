package testcluster_test

import (
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
	for _, want := range []string{"kube-apiserver exited", "kube-apiserver.log", "unknown flag: --no-such-flag"} {
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
