// Package report holds the result of a run in every mode and writes it in
// each output format.
package report

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/kubeward/kubeward/internal/check"
)

// APIVersion and Kind identify the JSON report schema; see docs/report-schema.md.
const (
	APIVersion = "kubeward.dev/v1alpha1"
	Kind       = "Report"
)

// Report is what a run found. Findings holds what is shown; Suppressed
// holds findings excepted by annotation or config, kept for auditors.
type Report struct {
	APIVersion string   `json:"apiVersion"`
	Kind       string   `json:"kind"`
	Metadata   Metadata `json:"metadata"`
	Summary    Summary  `json:"summary"`
	// Compliance holds one view per framework asked for (--framework).
	Compliance []Compliance `json:"compliance,omitempty"`
	// Bench is set in bench mode: the benchmark, node and section totals.
	Bench      *Bench          `json:"bench,omitempty"`
	Findings   []check.Finding `json:"findings"`
	Suppressed []check.Finding `json:"suppressedFindings,omitempty"`
	Errors     []Error         `json:"errors"`

	// Rules describes every check that ran, for formats that carry rule
	// metadata (SARIF).
	Rules []*check.Meta `json:"-"`
}

// Metadata says which run produced the report.
type Metadata struct {
	Tool      string    `json:"tool"`
	Version   string    `json:"version"`
	Mode      string    `json:"mode"`
	StartedAt time.Time `json:"startedAt"`
}

// Summary counts what the report holds.
type Summary struct {
	Objects    int            `json:"objects"`
	Findings   int            `json:"findings"`
	Suppressed int            `json:"suppressed"`
	Errors     int            `json:"errors"`
	BySeverity map[string]int `json:"bySeverity"`
	// Score is the posture score from 0 to 100, nil (null) when no check
	// evaluated anything; see Score.
	Score *int `json:"score"`
}

// Error is an input that could not be read or an object that could not be
// evaluated, with where it is.
type Error struct {
	File    string `json:"file"`
	Line    int    `json:"line,omitempty"`
	Message string `json:"message"`
}

// String renders the error as file:line: message.
func (e Error) String() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Message)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Message)
}

// New starts an empty report for a mode.
func New(mode, version string, started time.Time) *Report {
	return &Report{
		APIVersion: APIVersion, Kind: Kind,
		Metadata: Metadata{Tool: "kubeward", Version: version, Mode: mode, StartedAt: started.UTC()},
		Findings: []check.Finding{}, Errors: []Error{},
	}
}

// Finish sorts everything so output is identical across runs, and fills
// the summary.
func (r *Report) Finish() {
	// Callers assign slices gathered elsewhere, often nil; the schema
	// promises arrays, never null.
	if r.Findings == nil {
		r.Findings = []check.Finding{}
	}
	if r.Errors == nil {
		r.Errors = []Error{}
	}
	// A scan hands over findings already in order; checking costs one pass,
	// sorting half a million findings again costs seconds.
	if !slices.IsSortedFunc(r.Findings, CompareFindings) {
		slices.SortFunc(r.Findings, CompareFindings)
	}
	slices.SortFunc(r.Suppressed, CompareFindings)
	slices.SortFunc(r.Errors, func(a, b Error) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Message, b.Message))
	})
	slices.SortFunc(r.Rules, func(a, b *check.Meta) int { return cmp.Compare(a.ID, b.ID) })
	s := &r.Summary
	s.Findings, s.Suppressed = len(r.Findings), len(r.Suppressed)
	s.Errors = len(r.Errors)
	s.BySeverity = map[string]int{}
	for _, sev := range check.Severities {
		s.BySeverity[sev.String()] = 0
	}
	for _, f := range r.Findings {
		s.BySeverity[f.Severity.String()]++
		if f.Status == check.StatusError {
			s.Errors++
		}
	}
}

// CompareFindings is the order findings are reported in: by file, then
// object, then line, most severe first.
//
// It stops at the first difference (cmp.Or would compare every field), and
// equal strings, usually the same string, are skipped without a byte
// comparison: sorting half a million findings is then cheap.
func CompareFindings(a, b check.Finding) int {
	if c := compareObjects(&a, &b); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Location.Line, b.Location.Line); c != 0 {
		return c
	}
	if c := cmp.Compare(b.Severity, a.Severity); c != 0 {
		return c
	}
	if c := compareStrings(a.Check, b.Check); c != 0 {
		return c
	}
	if c := compareStrings(a.Path, b.Path); c != 0 {
		return c
	}
	return compareStrings(a.Message, b.Message)
}

// compareObjects orders findings by what CompareFindings compares first:
// file, namespace, kind and name.
func compareObjects(a, b *check.Finding) int {
	if c := compareStrings(a.Location.File, b.Location.File); c != 0 {
		return c
	}
	if c := compareStrings(a.Object.Namespace, b.Object.Namespace); c != 0 {
		return c
	}
	if c := compareStrings(a.Object.Kind, b.Object.Kind); c != 0 {
		return c
	}
	return compareStrings(a.Object.Name, b.Object.Name)
}

func compareStrings(a, b string) int {
	if a == b {
		return 0
	}
	return strings.Compare(a, b)
}

// Failing reports whether any shown finding that failed is at or above
// sev. Manual and not-evaluated results never fail a run.
func (r *Report) Failing(sev check.Severity) bool {
	for _, f := range r.Findings {
		if (f.Status == check.StatusFail || f.Status == check.StatusWarn) && f.Severity >= sev {
			return true
		}
	}
	return false
}

// DropBelow removes shown findings below a severity (--severity); errors
// are always kept. Call it before Finish.
func (r *Report) DropBelow(sev check.Severity) {
	r.Findings = slices.DeleteFunc(r.Findings, func(f check.Finding) bool {
		return f.Severity < sev && f.Status != check.StatusError
	})
}
