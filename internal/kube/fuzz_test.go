package kube

import (
	"testing"

	"go.yaml.in/yaml/v3"
)

func FuzzLocatePath(f *testing.F) {
	var root yaml.Node
	if err := yaml.Unmarshal([]byte(pathDoc+"cycle: &c {self: *c, <<: [*c, *c]}\n"), &root); err != nil {
		f.Fatal(err)
	}
	for _, p := range []string{"", "spec.containers[0].image", `metadata.annotations["a.b/c"]`, `a["q\"]x"].b`,
		"spec.volumes[0].name", "cycle.self.self.x", "a[-1]", "[", `["`, "a[99999999999999999999]", "..[0]"} {
		f.Add(p)
	}
	f.Fuzz(func(t *testing.T, path string) {
		line, col, ok := LocatePath(&root, path)
		if !ok || line < 1 || col < 1 {
			t.Fatalf("LocatePath(%q) = %d:%d %v", path, line, col, ok)
		}
		parsePath(path)
		Key(path, path)
	})
}
