package config

import (
	"strings"
	"testing"
	"time"

	"github.com/kubeward/kubeward/internal/check"
)

func known(id string) bool { return id == "privileged-container" || id == "host-ports" }

func TestParseValidConfig(t *testing.T) {
	c, err := Parse([]byte(`checks:
  disable: [host-ports]
  severity: {privileged-container: low}
exceptions:
- checks: ["*"]
  namespace: kube-*
  reason: system
  expires: 2027-01-31
`), known)
	if err != nil {
		t.Fatal(err)
	}
	if c.Checks.Disable[0] != "host-ports" || c.Checks.Severity["privileged-container"] != check.Low {
		t.Fatalf("checks %+v", c.Checks)
	}
	e := c.Exceptions[0]
	if e.Line != 5 || e.Namespace != "kube-*" || e.Expires.Format(time.DateOnly) != "2027-01-31" {
		t.Fatalf("exception %+v", e)
	}
	if e.Expired(time.Date(2027, 1, 31, 23, 0, 0, 0, time.UTC)) || !e.Expired(time.Date(2027, 2, 1, 0, 0, 1, 0, time.UTC)) {
		t.Fatal("an exception applies through its expiry day and not after")
	}
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"checks:\n  disabled: [x]\n", "invalid config: unmarshal errors:\n  line 2: field disabled not found in type config.Checks"},
		{"checks:\n  severity: {privileged-container: severe}\n", `unknown severity "severe"`},
		{"checks:\n  disable: [nope]\n", `checks.disable: unknown check "nope"`},
		{"exceptions:\n- checks: [host-ports]\n", "exceptions[0] (line 2): a reason is required"},
		{"exceptions:\n- reason: r\n", `exceptions[0] (line 2): no checks listed (use "*" for all)`},
		{"exceptions:\n- checks: [x]\n  reason: r\n", `exceptions[0] (line 2): unknown check "x"`},
		{"exceptions:\n- checks: [host-ports]\n  reason: r\n  expires: soon\n", `line 4: expires "soon" is not a date (want YYYY-MM-DD)`},
	} {
		_, err := Parse([]byte(tc.in), known)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Parse(%q) = %v, want an error containing %q", tc.in, err, tc.want)
		}
	}
}

func TestLoadMissingFile(t *testing.T) {
	if c, err := Load("no-such-file.yaml", false, known); err != nil || len(c.Exceptions) != 0 {
		t.Fatalf("a missing default config must be fine: %v", err)
	}
	if _, err := Load("no-such-file.yaml", true, known); err == nil || !strings.Contains(err.Error(), "no such file") {
		t.Fatalf("a missing explicit config must fail: %v", err)
	}
}
