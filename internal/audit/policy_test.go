package audit

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
)

func lintFile(t *testing.T, path string) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	p, err := ParsePolicy(path, data)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range LintPolicy(p) {
		out = append(out, fmt.Sprintf("%s: %s: %s", f.Location, f.Check, f.Message))
	}
	return out
}

// The policy the test cluster's API server runs with passes.
func TestLintGoodPolicy(t *testing.T) {
	if got := lintFile(t, "testdata/policy-good.yaml"); len(got) > 0 {
		t.Errorf("findings on a good policy:\n%s", strings.Join(got, "\n"))
	}
}

func TestLintBadPolicy(t *testing.T) {
	got := lintFile(t, "testdata/policy-bad.yaml")
	want := []string{
		"testdata/policy-bad.yaml:12: audit-policy-secret-bodies: rule 3 logs secrets (get, list, watch, create, update, patch) at RequestResponse: the credentials in their bodies would be written to the audit log",
		"testdata/policy-bad.yaml:17: audit-policy-secret-bodies: rule 4 logs secrets (get, list, watch, create, update, patch), serviceaccounts/token (create), tokenreviews (create) at Request: the credentials in their bodies would be written to the audit log",
		"testdata/policy-bad.yaml:6: audit-policy-exec-unlogged: rule 1 sets level None for pods/exec (create, get), pods/attach (create, get), pods/portforward (create, get): these requests are not logged",
		"testdata/policy-bad.yaml:8: audit-policy-exec-unlogged: rule 2 sets level None for pods/exec (create, get), pods/attach (create, get), pods/portforward (create, get): these requests are not logged",
		"testdata/policy-bad.yaml:6: audit-policy-rbac-unlogged: rule 1 sets level None for roles (create, update, patch, delete), clusterroles (create, update, patch, delete), rolebindings (create, update, patch, delete), clusterrolebindings (create, update, patch, delete): these requests are not logged",
		"testdata/policy-bad.yaml:22: audit-policy-rbac-unlogged: rule 5 sets level None for clusterroles (create, update, patch, delete): these requests are not logged",
		"testdata/policy-bad.yaml:5: audit-policy-rbac-unlogged: no rule matches every request of roles (create, update, patch, delete), rolebindings (create, update, patch, delete), clusterrolebindings (create, update, patch, delete): those it leaves out are not logged",
		"testdata/policy-bad.yaml:5: audit-policy-no-catch-all: no rule matches every request, so requests no rule selects are not logged; end the rules with `- level: Metadata`",
		"testdata/policy-bad.yaml:1: audit-policy-request-received: the RequestReceived stage is not omitted: every request is logged twice; add RequestReceived to omitStages",
	}
	if !slices.Equal(got, want) {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestParsePolicyErrors(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", "p.yaml: empty file, not an audit policy"},
		{"kind: Pod\napiVersion: v1\n", `p.yaml:1: not an audit policy: kind "Pod", apiVersion "v1" (want kind Policy, apiVersion audit.k8s.io/v1)`},
		{"apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n- level: Verbose\n", `p.yaml:4: rule 1: level "Verbose" is not one of None, Metadata, Request, RequestResponse`},
		{"apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n- level: None\n  verb: [get]\n", "p.yaml:5: field verb not found"},
		{"rules: [\n", "p.yaml:1: did not find expected node content"},
	} {
		_, err := ParsePolicy("p.yaml", []byte(tc.in))
		if err == nil || err.Error() != tc.want {
			t.Errorf("%q: error %v, want %s", tc.in, err, tc.want)
		}
	}
}
