package node

import (
	"strings"
	"testing"
)

// FuzzParseFlags: any command line parses without panicking, and every
// argument ends up as a flag or a positional argument.
func FuzzParseFlags(f *testing.F) {
	f.Add("kube-apiserver\x00--profiling=false\x00--a\x00b\x00-c\x00--\x00x")
	f.Add("--pod-max-pids\x00-1\x00--=\x00-\x00---x")
	f.Fuzz(func(t *testing.T, cmdline string) {
		args := strings.Split(cmdline, "\x00")
		fl := ParseFlags(args)
		if len(fl.List)+len(fl.Positional) > len(args) {
			t.Fatalf("%d flags and %d positional from %d args", len(fl.List), len(fl.Positional), len(args))
		}
		for _, x := range fl.List {
			if got, ok := fl.Lookup(x.Name); !ok || got.Name != x.Name {
				t.Fatalf("Lookup(%q) = %+v, %v", x.Name, got, ok)
			}
		}
	})
}

// FuzzConfig: hostile config text and key paths never panic.
func FuzzConfig(f *testing.F) {
	f.Add("authentication: {anonymous: {enabled: false}}\nx: [1, {y: 2}]", "x[1].y")
	f.Add("a: &a [*a, *a]", "a[*]")
	f.Add("{\"readOnlyPort\": 0}", "readOnlyPort")
	f.Fuzz(func(t *testing.T, text, key string) {
		data, err := ParseConfig([]byte(text))
		if err != nil {
			return
		}
		vals, ok, err := Select(data, key)
		if err == nil && ok != (len(vals) > 0) {
			t.Fatalf("Select(%q) ok=%v with %d values", key, ok, len(vals))
		}
	})
}
