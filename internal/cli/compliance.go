package cli

import (
	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/compliance"
	"github.com/kubeward/kubeward/internal/report"
	"github.com/kubeward/kubeward/internal/scan"
)

// complianceViews builds the report's view of each framework asked for.
func complianceViews(frameworks []string, all []check.Runner, engine *check.Engine, res *scan.Result) ([]report.Compliance, error) {
	if len(frameworks) == 0 {
		return nil, nil
	}
	in := compliance.Input{Enabled: engine.Runners(), Coverage: res.Coverage, Kinds: res.Kinds,
		Findings: res.Findings, Suppressed: res.Suppressed}
	for _, r := range all {
		in.All = append(in.All, r.Info())
	}
	var out []report.Compliance
	for _, fw := range frameworks {
		c, err := compliance.Evaluate(fw, in)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}
