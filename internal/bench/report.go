package bench

import (
	"strings"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
	"github.com/kubeward/kubeward/internal/report"
)

// RunInfo describes one benchmark run for its report.
type RunInfo struct {
	Benchmark *Benchmark
	Selection string   // why the benchmark was chosen
	Node      string   // node name
	Targets   []string // targets run
	Notes     []string // what the run could not see
}

// CheckID is a check's ID in findings: "cis-" and the recommendation
// number, e.g. "cis-1.2.1".
func CheckID(c *Check) string { return "cis-" + c.ID }

// Fill puts results into a report: one finding per check (pass included)
// on the node, the checks as rules, and the benchmark's section totals.
// Results map to finding statuses as PASS pass, FAIL fail, WARN warn (a
// failed check CIS does not label Automated) or manual (a manual check),
// NOT-EVALUATED not-evaluated.
func Fill(r *report.Report, info RunInfo, results []Result) {
	ref := kube.Ref{APIVersion: "v1", Kind: "Node", Name: info.Node}
	bs := &report.Bench{Benchmark: info.Benchmark.Name, Selection: info.Selection, Node: info.Node,
		Targets: info.Targets, Notes: info.Notes}
	sections := map[*Section]int{}
	for _, res := range results {
		c := res.Check
		f := check.Finding{
			Check: CheckID(c), Severity: c.Severity, Status: findingStatus(res), Title: c.Title,
			Message: res.Reason, Object: ref, Path: settingPath(c), Remediation: c.Remediation,
			Frameworks: check.Frameworks{CIS: []string{c.ID}}, Evidence: res.Evidence,
		}
		if f.Remediation == "" {
			f.Remediation = "Not applicable to this distribution."
		}
		r.Findings = append(r.Findings, f)
		r.Rules = append(r.Rules, ruleOf(c))
		i, ok := sections[c.Section]
		if !ok {
			i = len(bs.Sections)
			sections[c.Section] = i
			bs.Sections = append(bs.Sections, report.BenchSection{ID: c.Section.ID, Title: c.Section.Title, Target: c.Section.Target})
		}
		s := &bs.Sections[i]
		s.Checks = append(s.Checks, f.Check)
		count(&s.Totals, res.Status)
		count(&bs.Totals, res.Status)
	}
	r.Bench = bs
	r.Summary.Objects = 1
}

func findingStatus(r Result) check.Status {
	switch r.Status {
	case Pass:
		return check.StatusPass
	case Fail:
		return check.StatusFail
	case Warn:
		if r.Manual {
			return check.StatusManual
		}
		return check.StatusWarn
	}
	return check.StatusNotEvaluated
}

func count(t *report.BenchTotals, s Status) {
	switch s {
	case Pass:
		t.Pass++
	case Fail:
		t.Fail++
	case Warn:
		t.Warn++
	default:
		t.NotEvaluated++
	}
}

// settingPath names what a check reads, as a finding's path: its flags or
// keys, or its files.
func settingPath(c *Check) string {
	var parts []string
	for _, s := range c.Settings {
		parts = append(parts, s.Name())
	}
	if c.File != nil {
		parts = append(parts, c.File.Paths...)
	}
	return strings.Join(parts, ", ")
}

func ruleOf(c *Check) *check.Meta {
	return &check.Meta{
		ID: CheckID(c), Title: c.Title, Severity: c.Severity, Remediation: c.Remediation,
		Description: "CIS Kubernetes Benchmark recommendation " + c.ID + " (" + c.Section.Title + ").",
		Controls:    []check.Control{{Framework: check.FrameworkCIS, ID: c.ID}},
		Family:      "cis-" + c.Section.ID,
	}
}
