package config

import (
	"strings"
	"testing"
	"time"
)

func TestParseAuditSection(t *testing.T) {
	c, err := Parse([]byte(`audit:
  forbidden: {count: 5, window: 2m}
  unauthorized: {count: 50, window: 10m}
  repeatWindow: 30m
  anonymousPaths: ["/version"]
  clusterScopedWriters: ["group:system:masters"]
  allowedCIDRs: [10.0.0.0/8, 192.168.1.7]
  trusted: {privileged-container: [ci-bot]}
  ignoreUsers: ["system:serviceaccount:kube-system:*"]
`), known)
	if err != nil {
		t.Fatal(err)
	}
	a := c.Audit
	if a.Forbidden != (Threshold{5, 2 * time.Minute}) || a.Unauthorized != (Threshold{50, 10 * time.Minute}) || a.RepeatWindow != 30*time.Minute {
		t.Errorf("thresholds %+v %+v %s", a.Forbidden, a.Unauthorized, a.RepeatWindow)
	}
	if len(a.AllowedCIDRs) != 2 || a.Trusted["privileged-container"][0] != "ci-bot" || a.IgnoreUsers[0] != "system:serviceaccount:kube-system:*" {
		t.Errorf("lists %+v", a)
	}
}

func TestAuditSectionErrors(t *testing.T) {
	_, err := Parse([]byte(`audit:
  forbidden: {count: -1}
  repeatWindow: -5m
  allowedCIDRs: [10.0.0.0/33, nonsense]
  trusted: {no-such-detector: [x]}
`), known)
	want := []string{
		`audit.forbidden.count: -1 is negative`,
		`audit.repeatWindow: -5m0s is negative`,
		`audit.allowedCIDRs[0]: "10.0.0.0/33" is not a CIDR like 10.0.0.0/8`,
		`audit.allowedCIDRs[1]: "nonsense" is neither an address nor a CIDR`,
		`audit.trusted: unknown check "no-such-detector"`,
	}
	if err == nil {
		t.Fatal("no error")
	}
	if got := err.Error(); got != strings.Join(want, "\n") {
		t.Errorf("errors:\n%s\nwant:\n%s", got, strings.Join(want, "\n"))
	}
	if _, err := Parse([]byte("audit:\n  forbiden: {count: 3}\n"), known); err == nil || !strings.Contains(err.Error(), "field forbiden not found") {
		t.Errorf("unknown key: %v", err)
	}
}
