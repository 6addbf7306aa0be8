package report

import "github.com/kubeward/kubeward/internal/check"

// Bench is the node benchmark's part of a report (mode "bench"): which
// benchmark ran on which node, and per-section totals. Findings hold one
// result per check, pass included; their status is pass, fail, warn
// (a failed check CIS does not label Automated), manual (needs review) or
// not-evaluated.
type Bench struct {
	Benchmark string `json:"benchmark"` // e.g. "cis-1.12"
	Selection string `json:"selection"` // why this benchmark was chosen
	Node      string `json:"node"`      // the node's host name; empty for a whole cluster
	// Cluster is set when the run covered a cluster through its API
	// (bench --cluster): sections about one node then name it.
	Cluster  string         `json:"cluster,omitempty"`
	Targets  []string       `json:"targets"`         // targets run, e.g. master, node
	Sections []BenchSection `json:"sections"`        // in benchmark order
	Totals   BenchTotals    `json:"totals"`          // over all sections
	Notes    []string       `json:"notes,omitempty"` // what the run could not see
}

// BenchSection is one section of the benchmark with its results' totals.
type BenchSection struct {
	ID     string `json:"id"`     // e.g. "1.2"
	Title  string `json:"title"`  // e.g. "API Server"
	Target string `json:"target"` // e.g. "master"
	// Node is the node the section's results are about when a run covers
	// several nodes (bench --cluster); empty otherwise.
	Node   string      `json:"node,omitempty"`
	Checks []string    `json:"checks"` // check IDs in benchmark order, as findings name them
	Totals BenchTotals `json:"totals"`
}

// BenchTotals counts results by status. Warn counts failed checks that
// CIS does not label Automated and manual checks alike, as the CIS
// tooling reports both as WARN.
type BenchTotals struct {
	Pass         int `json:"pass"`
	Fail         int `json:"fail"`
	Warn         int `json:"warn"`
	NotEvaluated int `json:"notEvaluated"`
}

// benchIndex finds a section's finding for a check. A run over several
// nodes has one finding per check and node: a section naming a node takes
// that node's; otherwise a check has one finding.
type benchIndex struct {
	byCheck map[string]*check.Finding
	byNode  map[[2]string]*check.Finding
}

func newBenchIndex(fs []check.Finding) benchIndex {
	ix := benchIndex{byCheck: make(map[string]*check.Finding, len(fs)), byNode: map[[2]string]*check.Finding{}}
	for i := range fs {
		f := &fs[i]
		if _, ok := ix.byCheck[f.Check]; !ok {
			ix.byCheck[f.Check] = f
		}
		if f.Object.Kind == "Node" {
			ix.byNode[[2]string{f.Object.Name, f.Check}] = f
		}
	}
	return ix
}

func (ix benchIndex) find(s BenchSection, id string) *check.Finding {
	if s.Node != "" {
		return ix.byNode[[2]string{s.Node, id}]
	}
	return ix.byCheck[id]
}
