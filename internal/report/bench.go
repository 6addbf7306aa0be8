package report

// Bench is the node benchmark's part of a report (mode "bench"): which
// benchmark ran on which node, and per-section totals. Findings hold one
// result per check, pass included; their status is pass, fail, warn
// (a failed check CIS does not label Automated), manual (needs review) or
// not-evaluated.
type Bench struct {
	Benchmark string         `json:"benchmark"`       // e.g. "cis-1.12"
	Selection string         `json:"selection"`       // why this benchmark was chosen
	Node      string         `json:"node"`            // the node's host name
	Targets   []string       `json:"targets"`         // targets run, e.g. master, node
	Sections  []BenchSection `json:"sections"`        // in benchmark order
	Totals    BenchTotals    `json:"totals"`          // over all sections
	Notes     []string       `json:"notes,omitempty"` // what the run could not see
}

// BenchSection is one section of the benchmark with its results' totals.
type BenchSection struct {
	ID     string      `json:"id"`     // e.g. "1.2"
	Title  string      `json:"title"`  // e.g. "API Server"
	Target string      `json:"target"` // e.g. "master"
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
