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
	byCheck := make(map[string]*check.Finding, len(r.Findings))
	for i := range r.Findings {
		byCheck[r.Findings[i].Check] = &r.Findings[i]
	}
	out := junitSuites{Name: cmp.Or(r.Metadata.Tool, "kubeward")}
	for _, s := range r.Bench.Sections {
		suite := junitSuite{Name: s.ID + " " + s.Title}
		for _, id := range s.Checks {
			f := byCheck[id]
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
