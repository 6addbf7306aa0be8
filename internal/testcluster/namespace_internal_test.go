package testcluster

import (
	"regexp"
	"strings"
	"testing"
)

func TestNamespaceName(t *testing.T) {
	label := regexp.MustCompile(`^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`)
	for test, prefix := range map[string]string{
		"TestAudit":                           "testaudit-",
		"TestRBAC/user_alice":                 "testrbac-user-alice-",
		"Test__odd//Name--":                   "test-odd-name-",
		"///":                                 "test-",
		strings.Repeat("TestVeryLongName", 8): strings.Repeat("testverylongname", 4)[:50] + "-",
	} {
		got := namespaceName(test)
		if !strings.HasPrefix(got, prefix) || len(got) != len(prefix)+8 {
			t.Errorf("namespaceName(%q) = %q, want %q + 8 hex digits", test, got, prefix)
		}
		if len(got) > 63 || !label.MatchString(got) {
			t.Errorf("namespaceName(%q) = %q is not a DNS label", test, got)
		}
	}
	if a, b := namespaceName("TestX"), namespaceName("TestX"); a == b {
		t.Errorf("two namespaces for TestX share the name %s", a)
	}
}
