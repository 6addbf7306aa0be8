package exception

import (
	"testing"
	"time"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/config"
	"github.com/kubeward/kubeward/internal/kube"
)

func pod(t *testing.T, annotations string) *kube.Object {
	t.Helper()
	o, err := kube.NewObject([]byte(`{"apiVersion":"v1","kind":"Pod","metadata":{"name":"web-1","namespace":"shop","annotations":`+annotations+`}}`),
		nil, kube.Location{File: "f.yaml", Line: 1}, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

func findings() []check.Finding {
	return []check.Finding{
		{Check: "privileged-container", Status: check.StatusFail, Container: "app"},
		{Check: "host-ports", Status: check.StatusFail, Container: "sidecar"},
		{Check: "host-ports", Status: check.StatusError},
	}
}

func TestConfigMatching(t *testing.T) {
	now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name string
		exc  config.Exception
		want []string // Suppressed per finding
	}{
		{"all checks in namespace", config.Exception{Checks: []string{"*"}, Namespace: "sh?p", Reason: "r"}, []string{"config: r", "config: r", ""}},
		{"one container", config.Exception{Checks: []string{"host-ports"}, Container: "side*", Reason: "r"}, []string{"", "config: r", ""}},
		{"other kind", config.Exception{Checks: []string{"*"}, Kind: "Deployment", Reason: "r"}, []string{"", "", ""}},
		{"name glob", config.Exception{Checks: []string{"privileged-container"}, Name: "web-*", Reason: "r"}, []string{"config: r", "", ""}},
		{"expired", config.Exception{Checks: []string{"*"}, Reason: "r", Expires: config.Date{Time: now.AddDate(0, 0, -2)}}, []string{"", "", ""}},
	} {
		s := New([]config.Exception{tc.exc}, false, now)
		got := s.Apply(pod(t, `{}`), findings())
		for i, w := range tc.want {
			if got[i].Suppressed != w {
				t.Errorf("%s: finding %d suppressed %q, want %q", tc.name, i, got[i].Suppressed, w)
			}
		}
	}
}

func TestAnnotations(t *testing.T) {
	now := time.Now()
	got := New(nil, false, now).Apply(pod(t, `{"kubeward.dev/ignore":"host-ports, other","kubeward.dev/ignore-reason":"needs it"}`), findings())
	if got[0].Suppressed != "" || got[1].Suppressed != "annotation: needs it" || got[2].Suppressed != "" {
		t.Fatalf("annotation ignore: %+v", got)
	}
	got = New(nil, false, now).Apply(pod(t, `{"kubeward.dev/ignore":"*"}`), findings())
	if len(got) != 4 || got[3].Check != "ignore-without-reason" || got[0].Suppressed != "" {
		t.Fatalf("ignore without reason: %+v", got)
	}
	if got[3].Path != `metadata.annotations["kubeward.dev/ignore"]` {
		t.Fatalf("path %q", got[3].Path)
	}
	got = New(nil, true, now).Apply(pod(t, `{"kubeward.dev/ignore":"*","kubeward.dev/ignore-reason":"x"}`), findings())
	if len(got) != 3 || got[0].Suppressed != "" {
		t.Fatalf("strict mode honoured an annotation: %+v", got)
	}
}
