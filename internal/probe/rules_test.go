package probe_test

import (
	"testing"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/probe"
)

func TestRulesValidate(t *testing.T) {
	if err := check.Validate(probe.Runners()); err != nil {
		t.Fatal(err)
	}
	for _, r := range probe.Rules {
		if len(check.FrameworksOf(r.Controls).MITRE) == 0 || r.Request == "" {
			t.Errorf("%s: needs a MITRE technique and a request", r.ID)
		}
	}
	// Every still-relevant kube-hunter finding has a probe (docs/probe.md
	// lists the dropped ones and why).
	for _, khv := range []string{"KHV002", "KHV003", "KHV005", "KHV006", "KHV007", "KHV021", "KHV029", "KHV032", "KHV033", "KHV034",
		"KHV036", "KHV037", "KHV038", "KHV039", "KHV040", "KHV041", "KHV042", "KHV043", "KHV044", "KHV045", "KHV046", "KHV047",
		"KHV049", "KHV050", "KHV052", "KHV053"} {
		if _, ok := probe.Lookup(khv); !ok {
			t.Errorf("no probe for %s", khv)
		}
	}
}
