package workload_test

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/kubeward/kubeward/internal/check/checktest"
	"github.com/kubeward/kubeward/internal/checks/workload"
)

const secretEnvFile = "testdata/secret-in-env-literal.yaml"

func TestSecretInEnvLiteral(t *testing.T) {
	checktest.Run(t, secretEnvFile, workload.SecretInEnvLiteral)
}

// The literal values must never leave the manifest: no part of a finding may
// contain any of them.
func TestSecretInEnvLiteralRedacts(t *testing.T) {
	data, err := os.ReadFile(secretEnvFile)
	if err != nil {
		t.Fatal(err)
	}
	// Every value on a line that expects a finding, quoted or not, in block
	// or flow style.
	var values []string
	for _, m := range regexp.MustCompile(`value: "?([^"#}\n]+?)"?}?\s+# want:`).FindAllStringSubmatch(string(data), -1) {
		values = append(values, m[1])
	}
	wants := strings.Count(string(data), "# want:")
	if len(values) != wants {
		t.Fatalf("read %d flagged values from %s, want one per want comment (%d)", len(values), secretEnvFile, wants)
	}
	findings, errs := checktest.Evaluate(secretEnvFile, workload.SecretInEnvLiteral)
	if len(errs) > 0 || len(findings) != wants {
		t.Fatalf("got %d findings (want %d) and errors %v", len(findings), wants, errs)
	}
	for _, f := range findings {
		text := strings.Join([]string{f.Message, f.Path, f.Title, f.Remediation, f.Container}, "\n")
		for _, v := range values {
			if part := v[:min(len(v), 8)]; strings.Contains(text, v) || strings.Contains(text, part) {
				t.Errorf("finding %q reveals (part of) the value %q", f.Message, v)
			}
		}
	}
}
