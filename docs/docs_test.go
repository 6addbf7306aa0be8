// Package docs holds kubeward's user documentation; its test keeps the
// generated parts (checks.md) in step with the code.
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

func TestChecksReferenceIsCurrent(t *testing.T) {
	var metas []*check.Meta
	for _, r := range checks.All() {
		metas = append(metas, r.Info())
	}
	metas = append(metas, &exception.MissingReason)
	want := checkdoc.Markdown(metas)
	if *update {
		if err := os.WriteFile("checks.md", []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := os.ReadFile("checks.md")
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Fatal("docs/checks.md is stale: run `go test ./docs -update` and commit the result")
	}
}
