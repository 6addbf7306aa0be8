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
	addResults(r, bs, ref, "", results)
	r.Bench = bs
	r.Summary.Objects = 1
}

// NodeResults are the results of one node in a run over a cluster.
type NodeResults struct {
	Node    string
	Results []Result
}

// ClusterRef names a whole cluster as the object of the results that are
// about no one node (section 5's API queries).
func ClusterRef(cluster string) kube.Ref {
	return kube.Ref{APIVersion: "kubeward.dev/v1alpha1", Kind: "Cluster", Name: cluster, Cluster: cluster}
}

// FillCluster puts a run over a cluster into a report: each node's
// results as findings on that Node with sections naming it, then the
// cluster-wide results (policies) on the cluster. Totals add up every
// node's results.
func FillCluster(r *report.Report, info RunInfo, cluster string, nodes []NodeResults, shared []Result) {
	bs := &report.Bench{Benchmark: info.Benchmark.Name, Selection: info.Selection, Cluster: cluster,
		Targets: info.Targets, Notes: info.Notes}
	for _, n := range nodes {
		ref := kube.Ref{APIVersion: "v1", Kind: "Node", Name: n.Node, Cluster: cluster}
		addResults(r, bs, ref, n.Node, n.Results)
	}
	addResults(r, bs, ClusterRef(cluster), "", shared)
	r.Bench = bs
	r.Summary.Objects = len(nodes) + 1
}

// addResults adds one result set about one object: its findings, the
// checks as rules (once each), and sections with totals.
func addResults(r *report.Report, bs *report.Bench, ref kube.Ref, sectionNode string, results []Result) {
	sections := map[*Section]int{}
	rules := map[string]bool{}
	for _, m := range r.Rules {
		rules[m.ID] = true
	}
	for _, res := range results {
		c := res.Check
		f := check.Finding{
			Check: CheckID(c), Severity: c.Severity, Status: findingStatus(res), Title: c.Title,
			Message: res.Reason, Object: ref, Path: settingPath(c), Remediation: c.Remediation,
			Frameworks: &check.Frameworks{CIS: []string{c.ID}}, Evidence: res.Evidence,
		}
		if f.Remediation == "" {
			f.Remediation = "Not applicable to this distribution."
		}
		r.Findings = append(r.Findings, f)
		if !rules[f.Check] {
			rules[f.Check] = true
			r.Rules = append(r.Rules, ruleOf(c))
		}
		i, ok := sections[c.Section]
		if !ok {
			i = len(bs.Sections)
			sections[c.Section] = i
			bs.Sections = append(bs.Sections, report.BenchSection{ID: c.Section.ID, Title: c.Section.Title,
				Target: c.Section.Target, Node: sectionNode})
		}
		s := &bs.Sections[i]
		s.Checks = append(s.Checks, f.Check)
		count(&s.Totals, res.Status)
		count(&bs.Totals, res.Status)
	}
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
