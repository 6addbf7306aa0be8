package yamlfast

import (
	"os"
	"testing"

	"github.com/kubeward/kubeward/internal/testcorpus"
)

// FuzzDifferential checks that whatever the fast path accepts, yaml.v3
// accepts too and turns into the same tree, and that Parse never panics.
// The seeds are a sample of corpus documents plus the table cases' shapes.
func FuzzDifferential(f *testing.F) {
	for _, s := range []string{
		"a: 1\n", "a:\n- b: |\n    x\n  c: [1, 'y']\n", "- - a\n  - {b: c}\n",
		"a: >-\n  x\n\n  y\n", "---\nk: \"\\u00e9\\x41\"\n...\n", "a: x\n  y\n",
	} {
		f.Add([]byte(s))
	}
	if _, err := os.Stat(testcorpus.RealPath()); err == nil {
		docs := corpusDocs(f, testcorpus.RealPath())
		// Every 20th document keeps the seed set small and varied.
		for i := 0; i < len(docs); i += 20 {
			f.Add(docs[i].data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkSame(t, "fuzz input", data)
	})
}
