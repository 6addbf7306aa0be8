package secrets

import (
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/check/checktest"
	"github.com/kubeward/kubeward/internal/source"
)

// No finding of a secret check may reveal any part of a credential: no
// run of four characters of a flagged value appears anywhere in the JSON of
// the findings (message, path, title, object, ...).
func TestFindingsRedactValues(t *testing.T) {
	for file, c := range map[string]check.Runner{
		"testdata/secret-in-env-literal.yaml":               SecretInEnvLiteral,
		"testdata/secret-in-configmap.yaml":                 SecretInConfigMap,
		"testdata/secret-in-annotation.yaml":                SecretInAnnotation,
		"testdata/legacy-service-account-token-secret.yaml": LegacyServiceAccountToken,
		"testdata/secret-mounted-widely.yaml":               SecretMountedWidely,
	} {
		findings, errs := checktest.Evaluate(file, c)
		if len(errs) > 0 || len(findings) == 0 {
			t.Fatalf("%s: %d findings, errors %v", file, len(findings), errs)
		}
		out, err := json.Marshal(findings)
		if err != nil {
			t.Fatal(err)
		}
		flagged := flaggedValues(t, file)
		if len(flagged) == 0 && c != LegacyServiceAccountToken && c != SecretMountedWidely {
			t.Fatalf("%s: no flagged values found: the test would prove nothing", file)
		}
		for _, v := range flagged {
			for i := 0; i+4 <= len(v); i++ {
				if part := v[i : i+4]; strings.Contains(string(out), part) {
					t.Errorf("%s: findings reveal %q of a flagged value", file, part)
					break
				}
			}
		}
	}
}

// flaggedValues returns every credential the detector finds in the string
// values of the file's objects, base64 ones decoded too.
func flaggedValues(t *testing.T, file string) []string {
	var out []string
	var walk func(parent, name string, v any)
	walk = func(parent, name string, v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				walk(name, k, x)
			}
		case []any:
			for _, x := range v {
				walk(parent, name, x)
			}
		case string:
			values := []string{v}
			if b, err := base64.StdEncoding.DecodeString(v); err == nil && len(v) >= 8 {
				values = append(values, string(b))
			}
			for _, s := range values {
				hits := judgeEntry(name, s, false)
				if parent == "annotations" {
					_, hits = judgeAnnotation(name, s)
				}
				for _, h := range hits {
					// The credential is what a format matched, or the
					// whole value of a setting flagged by its name.
					out = append(out, h.secret)
					if h.what == "" && h.line == 0 {
						out = append(out, s)
					}
				}
			}
		}
	}
	in := source.Input{Path: file, Kind: source.FileInput}
	for _, err := range in.Read(source.Options{}, func(d *source.Document) {
		objs, _ := source.Parse(d, source.DefaultMaxDocumentSize)
		for _, o := range objs {
			var v any
			if err := json.Unmarshal(o.JSON, &v); err != nil {
				t.Fatal(err)
			}
			walk("", "", v)
		}
	}) {
		t.Fatal(err)
	}
	return out
}
