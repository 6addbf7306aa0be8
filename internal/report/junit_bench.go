package report

import (
	"cmp"
	"strings"

	"github.com/kubeward/kubeward/internal/check"
)

// junitBenchSuites makes one suite per benchmark section and one case per
// check: a fail or warn result fails its case, a manual or not-evaluated
// one is skipped with the reason, a pass passes.
func junitBenchSuites(r *Report) junitSuites {
	ix := newBenchIndex(r.Findings)
	out := junitSuites{Name: cmp.Or(r.Metadata.Tool, "kubeward")}
	for _, s := range r.Bench.Sections {
		suite := junitSuite{Name: s.ID + " " + s.Title}
		if s.Node != "" {
			suite.Name += " on node " + s.Node
		}
		for _, id := range s.Checks {
			f := ix.find(s, id)
			if f == nil {
				continue
			}
			c := junitCase{Name: strings.TrimPrefix(f.Check, "cis-") + " " + f.Title, Classname: r.Bench.Benchmark + "." + s.ID}
			switch f.Status {
			case check.StatusFail, check.StatusWarn:
				c.Failure = &junitMessage{Message: f.Message, Type: string(f.Status), Text: f.Message + "\n" + f.Remediation}
			case check.StatusError:
				c.Error = &junitMessage{Message: f.Message, Type: "evaluation", Text: f.Message}
			case check.StatusManual, check.StatusNotEvaluated:
				c.Skipped = &junitMessage{Message: f.Message}
			}
			suite.Cases = append(suite.Cases, c)
		}
		out.Suites = append(out.Suites, suite)
	}
	return out
}
