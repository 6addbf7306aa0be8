// Package docs holds kubeward's user documentation; its test keeps the
// generated parts (checks.md, crosswalk.md) in step with the code.
package docs

import (
	"flag"
	"os"
	"testing"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/checkdoc"
	"github.com/kubeward/kubeward/internal/checks"
	"github.com/kubeward/kubeward/internal/exception"
)

var update = flag.Bool("update", false, "rewrite the generated documentation")

func registry() []*check.Meta {
	var metas []*check.Meta
	for _, r := range checks.All() {
		metas = append(metas, r.Info())
	}
	return append(metas, &exception.MissingReason)
}

func TestChecksReferenceIsCurrent(t *testing.T) {
	checkGenerated(t, "checks.md", checkdoc.Markdown(registry()))
}

func TestCrosswalkIsCurrent(t *testing.T) {
	checkGenerated(t, "crosswalk.md", checkdoc.Crosswalk(registry()))
}

// checkGenerated compares a generated document with its file, or rewrites
// the file with -update.
func checkGenerated(t *testing.T, name, want string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(name, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Fatalf("docs/%s is stale: run `go test ./docs -update` and commit the result", name)
	}
}
