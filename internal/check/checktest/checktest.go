// Package checktest runs checks over testdata manifests whose lines carry
// their expectations: a "# want: <check-id> [\"message regexp\"]" comment on
// the line a finding points at. The test fails on a missing finding and on
// an unexpected one.
package checktest

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/source"
)

// want is one expected finding.
type want struct {
	line    int
	check   string
	message *regexp.Regexp // nil: any message
	matched bool
}

var wantComment = regexp.MustCompile(`#\s*want:\s*(.*)$`)

// Check IDs may carry a namespace, as custom policies do ("policy:team-label").
var wantItem = regexp.MustCompile(`([a-z0-9:.-]+)(?:\s+"((?:[^"\\]|\\.)*)")?`)

// Run evaluates the checks on every object of file and compares the
// findings with the file's want comments.
func Run(t *testing.T, file string, checks ...check.Runner) {
	t.Helper()
	findings, errs := Evaluate(file, checks...)
	for _, e := range errs {
		t.Errorf("%s", e)
	}
	wants, err := parseWants(file)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range findings {
		if !claim(wants, f) {
			t.Errorf("%s:%d: unexpected finding %s: %s (path %s)", file, f.Location.Line, f.Check, f.Message, f.Path)
		}
	}
	for _, w := range wants {
		if !w.matched {
			msg := ""
			if w.message != nil {
				msg = fmt.Sprintf(" with message matching %q", w.message)
			}
			t.Errorf("%s:%d: expected finding %s%s, got none", file, w.line, w.check, msg)
		}
	}
}

// Evaluate returns every finding the checks report on the file's objects
// and the errors met reading it.
func Evaluate(file string, checks ...check.Runner) ([]check.Finding, []error) {
	engine := check.NewEngine(checks, check.Options{})
	var findings []check.Finding
	var errs []error
	in := source.Input{Path: file, Kind: source.FileInput}
	for _, e := range in.Read(source.Options{}, func(d *source.Document) {
		objs, perrs := source.Parse(d, 4*source.DefaultMaxDocumentSize)
		for _, e := range perrs {
			errs = append(errs, e)
		}
		for _, o := range objs {
			fs, err := engine.Evaluate(o)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s: %s: %w", o.Location, o.Ref, err))
			}
			findings = append(findings, fs...)
		}
	}) {
		errs = append(errs, e)
	}
	// Inventory analyzers report once every object has been seen.
	analyzed, _ := engine.Analyze()
	findings = append(findings, analyzed...)
	return findings, errs
}

func claim(wants []*want, f check.Finding) bool {
	for _, w := range wants {
		if !w.matched && w.line == f.Location.Line && w.check == f.Check &&
			(w.message == nil || w.message.MatchString(f.Message)) {
			w.matched = true
			return true
		}
	}
	return false
}

func parseWants(file string) ([]*want, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var wants []*want
	for i, line := range strings.Split(string(data), "\n") {
		m := wantComment.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		items := wantItem.FindAllStringSubmatch(m[1], -1)
		if len(items) == 0 {
			return nil, fmt.Errorf("%s:%d: want comment names no check", file, i+1)
		}
		for _, it := range items {
			w := &want{line: i + 1, check: it[1]}
			if it[2] != "" {
				re, err := regexp.Compile(strings.ReplaceAll(it[2], `\"`, `"`))
				if err != nil {
					return nil, fmt.Errorf("%s:%d: bad want regexp: %v", file, i+1, err)
				}
				w.message = re
			}
			wants = append(wants, w)
		}
	}
	return wants, nil
}
