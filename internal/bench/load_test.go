package bench

import (
	"os"
	"strings"
	"testing"
)

func TestEmbeddedBenchmarksLoad(t *testing.T) {
	want := []string{"cis-1.12", "k3s-cis-1.12", "rke2-cis-1.12"}
	if got := Names(); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("Names() = %v, want %v", got, want)
	}
	for _, n := range Names() {
		b, err := Load(n)
		if err != nil {
			t.Fatalf("%s: %v", n, err)
		}
		if len(b.Checks()) != 131 {
			t.Errorf("%s has %d checks, want the 131 of CIS 1.12", n, len(b.Checks()))
		}
	}
}

// The spec's 131 recommendations are all in the benchmark, with the
// automated flag CIS gives them.
func TestBenchmarkMatchesSpec(t *testing.T) {
	data, err := os.ReadFile("../../../shared/spec/cis-checks.csv")
	if err != nil {
		t.Fatalf("the CIS spec is needed beside the repository: %v", err)
	}
	b, err := Load("cis-1.12")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")[1:]
	for _, line := range lines {
		f := strings.Split(line, ",")
		c := b.Check(f[0])
		if c == nil {
			t.Errorf("%s: missing", f[0])
			continue
		}
		if c.Section.Target != f[3] {
			t.Errorf("%s: target %s, spec says %s", c.ID, c.Section.Target, f[3])
		}
	}
	if len(lines) != len(b.Checks()) {
		t.Errorf("benchmark has %d checks, spec %d", len(b.Checks()), len(lines))
	}
}

func TestLoadReportsEveryMistakeWithFileAndLine(t *testing.T) {
	fsys := os.DirFS("testdata")
	for _, tc := range []struct{ name, want string }{
		{"broken", `broken/broken.yaml:17: check 1.2.1: unknown operator "equals" (want one of eq, neq, has, not-has, set, not-set, gte, lte, subset, regex, mode-max, owner-eq)
broken/broken.yaml:25: check 1.2.2: operator gte needs a number, not "thirty"
broken/broken.yaml:30: check 1.2.3: key a..b: a flag check has no config keys (use kind config)
broken/broken.yaml:30: check 1.2.3: key path "a..b": empty field name
broken/broken.yaml:34: check 1.2.4: automated is missing (true when CIS labels the recommendation Automated)
broken/broken.yaml:40: check 1.3.1: ID "1.3.1" is not a number under section 1.2
broken/broken.yaml:44: check 1.3.1: unknown severity "urgent" (want one of critical, high, medium, low, info)
broken/broken.yaml:57: check 1.1.1: operator owner-eq does not apply to a file-mode check
broken/broken.yaml:56: check 1.1.1: path "etc/relative.yaml" is not absolute
broken/broken.yaml:34: check 1.2.4: component "kube-apiserverr" is not declared in components`},
		{"typo", `broken/typo.yaml:14: check 1.2.1: unknown field "setings" (want one of automated, component, configFile, file, id, kind, notApplicable, op, passIfAbsent, query, remediation, settings, severity, title, value)`},
		{"overlay", `broken/overlay.yaml:5: check 1.2.1: unknown operator "has-not" (want one of eq, neq, has, not-has, set, not-set, gte, lte, subset, regex, mode-max, owner-eq)
broken/overlay.yaml:6: check 9.9.9: not in base benchmark base`},
	} {
		_, err := LoadFS(fsys, "broken", tc.name)
		if err == nil || err.Error() != tc.want {
			t.Errorf("LoadFS(%s) error =\n%v\nwant\n%s", tc.name, err, tc.want)
		}
	}
}

func TestLoadUnknownBenchmark(t *testing.T) {
	_, err := Load("cis-9.9")
	want := `unknown benchmark "cis-9.9" (want one of cis-1.12, k3s-cis-1.12, rke2-cis-1.12)`
	if err == nil || err.Error() != want {
		t.Errorf("Load error = %v, want %s", err, want)
	}
}
