package main_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The CLI tests run the built binaries, as a user or CI would.
var kubeward, kubectlWard string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "kubeward-cli")
	if err != nil {
		panic(err)
	}
	kubeward = filepath.Join(dir, "kubeward")
	kubectlWard = filepath.Join(dir, "kubectl-ward")
	for bin, pkg := range map[string]string{kubeward: ".", kubectlWard: "../kubectl-ward"} {
		out, err := exec.Command("go", "build", "-o", bin, pkg).CombinedOutput()
		if err != nil {
			os.Stderr.Write(out)
			panic(err)
		}
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

type result struct {
	code           int
	stdout, stderr string
}

func run(t *testing.T, stdin string, bin string, args ...string) result {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Dir = filepath.Join("..", "..") // repository root, so examples/ resolves
	cmd.Env = append(os.Environ(), "NO_COLOR=1")
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return result{code, out.String(), errb.String()}
}

func wantCode(t *testing.T, r result, code int) {
	t.Helper()
	if r.code != code {
		t.Fatalf("exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, code, r.stdout, r.stderr)
	}
}

// jsonReport is the part of the JSON report the CLI tests look at.
type jsonReport struct {
	Summary struct {
		Objects, Findings, Suppressed, Errors int
	}
	Findings []struct {
		Check, Severity, Message, Path string
		Location                       struct {
			File string
			Line int
		}
	}
	SuppressedFindings []struct{ Check, Suppressed string }
	Errors             []struct {
		File    string
		Line    int
		Message string
	}
}

func scanJSON(t *testing.T, stdin string, args ...string) (jsonReport, result) {
	t.Helper()
	r := run(t, stdin, kubeward, append([]string{"scan", "-o", "json"}, args...)...)
	var rep jsonReport
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("stdout is not a JSON report: %v\n%s\nstderr: %s", err, r.stdout, r.stderr)
	}
	return rep, r
}

func checks(rep jsonReport) map[string]int {
	m := map[string]int{}
	for _, f := range rep.Findings {
		m[f.Check]++
	}
	return m
}

func TestVersion(t *testing.T) {
	r := run(t, "", kubeward, "version")
	wantCode(t, r, 0)
	if !strings.HasPrefix(r.stdout, "kubeward ") {
		t.Fatalf("version output %q", r.stdout)
	}
}

func TestHardenedExampleIsClean(t *testing.T) {
	r := run(t, "", kubeward, "scan", "examples/hardened")
	wantCode(t, r, 0)
	if !strings.HasPrefix(r.stdout, "0 findings in 7 objects") {
		t.Fatalf("stdout:\n%s", r.stdout)
	}
}

func TestInsecureExampleFails(t *testing.T) {
	rep, r := scanJSON(t, "", "examples/insecure")
	wantCode(t, r, 1)
	got := checks(rep)
	if got["privileged-container"] != 1 {
		t.Errorf("privileged-container findings = %d, want 1 (all: %v)", got["privileged-container"], got)
	}
	if rep.Summary.Objects != 2 || rep.Summary.Errors != 0 {
		t.Errorf("summary %+v", rep.Summary)
	}
	for _, f := range rep.Findings {
		if f.Location.File != "examples/insecure/app.yaml" || f.Location.Line == 0 {
			t.Errorf("finding %s has location %+v", f.Check, f.Location)
		}
		if strings.Contains(f.Message, "s3cr3t") {
			t.Errorf("finding %s leaks a secret value: %s", f.Check, f.Message)
		}
	}
}

func TestFailOnThreshold(t *testing.T) {
	wantCode(t, run(t, "", kubeward, "scan", "--fail-on", "none", "examples/insecure"), 0)
	wantCode(t, run(t, "", kubeward, "scan", "--fail-on", "critical", "examples/insecure"), 1)
	r := run(t, "", kubeward, "scan", "--fail-on", "severe", "examples/insecure")
	wantCode(t, r, 2)
	if want := "kubeward: --fail-on: unknown severity \"severe\" (want one of critical, high, medium, low, info)\n"; r.stderr != want {
		t.Fatalf("stderr %q, want %q", r.stderr, want)
	}
}

func TestSeverityFilter(t *testing.T) {
	rep, r := scanJSON(t, "", "--severity", "critical", "examples/insecure")
	wantCode(t, r, 1)
	for _, f := range rep.Findings {
		if f.Severity != "critical" {
			t.Errorf("--severity critical showed a %s finding (%s)", f.Severity, f.Check)
		}
	}
	if len(rep.Findings) == 0 {
		t.Fatal("no critical findings shown")
	}
}

func TestUnknownOutputFormat(t *testing.T) {
	r := run(t, "", kubeward, "scan", "-o", "xml", "examples")
	wantCode(t, r, 2)
	if !strings.HasPrefix(r.stderr, "kubeward: --output: unknown format \"xml\" (want one of ") {
		t.Fatalf("stderr %q", r.stderr)
	}
}

func TestMissingPathIsUnreadable(t *testing.T) {
	rep, r := scanJSON(t, "", "does-not-exist.yaml", "examples/insecure")
	wantCode(t, r, 2)
	if len(rep.Errors) != 1 || rep.Errors[0].File != "does-not-exist.yaml" || rep.Errors[0].Message != "no such file or directory" {
		t.Fatalf("errors %+v", rep.Errors)
	}
	if checks(rep)["privileged-container"] != 1 {
		t.Fatal("the readable input was not scanned")
	}
	if r.stderr != "error: does-not-exist.yaml: no such file or directory\n" {
		t.Fatalf("stderr %q", r.stderr)
	}
}

func TestStdinAndKubectlPlugin(t *testing.T) {
	manifest := "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: c\n    image: c\n    securityContext: {privileged: true}\n"
	for _, bin := range []string{kubeward, kubectlWard} {
		r := run(t, manifest, bin, "scan", "-o", "json", "-")
		wantCode(t, r, 1)
		var rep jsonReport
		if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
			t.Fatal(err)
		}
		found := false
		for _, f := range rep.Findings {
			if f.Check == "privileged-container" {
				found = true
				if f.Location.File != "<stdin>" || f.Location.Line != 8 {
					t.Errorf("%s: location %+v", filepath.Base(bin), f.Location)
				}
			}
		}
		if !found {
			t.Errorf("%s: no privileged-container finding from stdin", filepath.Base(bin))
		}
	}
	r := run(t, "", kubectlWard, "scan")
	wantCode(t, r, 2)
	if !strings.HasPrefix(r.stderr, "kubectl ward: requires at least 1 arg(s)") {
		t.Fatalf("plugin usage error %q", r.stderr)
	}
}

func TestOutputFile(t *testing.T) {
	out := filepath.Join(t.TempDir(), "report.json")
	r := run(t, "", kubeward, "scan", "-o", "json", "--output-file", out, "examples/hardened")
	wantCode(t, r, 0)
	if r.stdout != "" {
		t.Fatalf("stdout not empty with --output-file: %q", r.stdout)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(data, []byte(`"apiVersion": "kubeward.dev/v1alpha1"`)) {
		t.Fatalf("report file: %s", data)
	}
}

func TestDeterministicOutput(t *testing.T) {
	a := run(t, "", kubeward, "scan", "--fail-on", "none", "examples")
	b := run(t, "", kubeward, "scan", "--fail-on", "none", "examples")
	wantCode(t, a, 0)
	if a.stdout != b.stdout {
		t.Fatal("two runs over the same input gave different output")
	}
}
