package bench

import (
	"testing"
	"testing/fstest"

	"github.com/kubeward/kubeward/internal/node"
)

// FuzzLoad: a hostile benchmark file is an error with a position, never a
// panic, whatever it holds.
func FuzzLoad(f *testing.F) {
	base, err := embedded.ReadFile("benchmarks/cis-1.12.yaml")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(base[:2000]))
	f.Add("name: x\nsections: [{id: '1', target: node, checks: [{id: 1.1, kind: flag, op: eq, settings: [{flag: --a, key: 'a[*].b[0]'}]}]}]")
	f.Add("name: x\nbase: x\nchecks: {1.1: {op: set}}")
	f.Add("a: &a [*a, *a, *a]\nname: *a")
	f.Fuzz(func(t *testing.T, text string) {
		fsys := fstest.MapFS{"b/x.yaml": {Data: []byte(text)}}
		b, err := LoadFS(fsys, "b", "x")
		if err == nil && b.Name != "x" {
			t.Fatalf("loaded %q as x", b.Name)
		}
	})
}

// FuzzNodeRun: hostile command lines and config files on a node give
// results (NOT-EVALUATED where unreadable), never a panic, and exactly one
// result per check.
func FuzzNodeRun(f *testing.F) {
	f.Add("/usr/bin/kubelet\x00--config=/c.yaml\x00--feature-gates=A=1,=,B", "authentication: {anonymous: {enabled: [1]}}\nreadOnlyPort: {a: b}", "/usr/local/bin/k3s\x00server")
	f.Add("etcd\x00--data-dir\x00", "- a\n- b", "kube-apiserver\x00--encryption-provider-config=/c.yaml")
	f.Fuzz(func(t *testing.T, cmd1, config, cmd2 string) {
		fsys := fstest.MapFS{
			"proc/1/cmdline":              {Data: []byte(cmd1)},
			"proc/2/cmdline":              {Data: []byte(cmd2)},
			"c.yaml":                      {Data: []byte(config)},
			"etc/rancher/k3s/config.yaml": {Data: []byte(config)},
		}
		for _, name := range Names() {
			b, err := Load(name)
			if err != nil {
				t.Fatal(err)
			}
			rs, _, err := Run(b, Discover(b, node.New(fsys, "/")), Options{Targets: Targets})
			if err != nil || len(rs) != len(b.Checks()) {
				t.Fatalf("%s: %d results for %d checks, %v", name, len(rs), len(b.Checks()), err)
			}
		}
	})
}
