package policy

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/tester"
)

// TestResult is the outcome of one Rego test rule (test_*).
type TestResult struct {
	Package  string // e.g. "kubeward.team_label_test"
	Name     string // e.g. "test_missing_team_label_is_denied"
	File     string
	Line     int
	Outcome  string // "pass", "fail", "error" or "skip"
	Error    string // why, for "error"
	Duration time.Duration
}

// Test outcomes.
const (
	TestPass  = "pass"
	TestFail  = "fail"
	TestError = "error"
	TestSkip  = "skip"
)

// RunTests runs the Rego tests of every .rego file under dir (tests and
// the policies they exercise) with OPA's test runner, built-in errors
// raised as in scans. The results are sorted by file and line. A policy or
// test that does not compile is an error naming the file and line.
func RunTests(ctx context.Context, dir string) ([]TestResult, error) {
	modules, err := parseDir(dir, true)
	if err != nil {
		return nil, err
	}
	ch, err := tester.NewRunner().
		SetModules(modules).
		SetDefaultRegoVersion(ast.RegoV1).
		RaiseBuiltinErrors(true).
		SetTimeout(30*time.Second).
		RunTests(ctx, nil)
	if err != nil {
		var errs ast.Errors
		if errors.As(err, &errs) {
			return nil, compileError(errs)
		}
		return nil, err
	}
	var out []TestResult
	for r := range ch {
		tr := TestResult{Package: strings.TrimPrefix(r.Package, "data."), Name: r.Name, Duration: r.Duration, Outcome: TestPass}
		if r.Location != nil {
			tr.File, tr.Line = r.Location.File, r.Location.Row
		}
		switch {
		case r.Error != nil:
			tr.Outcome, tr.Error = TestError, r.Error.Error()
		case r.Skip:
			tr.Outcome = TestSkip
		case r.Fail:
			tr.Outcome = TestFail
		}
		out = append(out, tr)
	}
	slices.SortFunc(out, func(a, b TestResult) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Name, b.Name))
	})
	return out, nil
}
