package report

import (
	"github.com/kubeward/kubeward/internal/kube"
)

// ComplianceReport is GoldenReport with a score and the compliance view of
// two frameworks, holding a passing, a failing (with an evaluation error
// noted), a suppressed-only and two not-evaluated controls.
func ComplianceReport() *Report {
	r := GoldenReport()
	score := 62
	r.Summary.Score = &score
	web := kube.Ref{APIVersion: "apps/v1", Kind: "Deployment", Namespace: "shop", Name: "web"}
	r.Compliance = []Compliance{
		{Framework: "cis", Title: "CIS Kubernetes Benchmark, section 5 (policies)", Controls: []ControlResult{
			{ID: "5.1.1", Title: "Bind cluster-admin only where it is required", Status: ControlNotEvaluated,
				Reason: "no object of a kind its checks inspect was scanned", Checks: []string{"cluster-admin-binding"}},
			{ID: "5.2.2", Title: "No privileged containers", Status: ControlFail,
				Reason:    "privileged-container could not evaluate 1 object",
				Checks:    []string{"privileged-container"},
				Evaluated: 5, Failing: 1, Findings: 1, Suppressed: 1,
				Objects: []FailingObject{{Object: web, Location: kube.Location{File: "deploy/web.yaml", Line: 18, Column: 23},
					Checks: []string{"privileged-container"}}}},
			{ID: "5.2.7", Title: "No containers running as root", Status: ControlFail, Checks: []string{"run-as-root"},
				Evaluated: 5, Failing: 1, Findings: 1, Suppressed: 1,
				Objects: []FailingObject{{Object: web, Location: kube.Location{File: "deploy/web.yaml", Line: 17, Column: 9},
					Checks: []string{"run-as-root"}}}},
			{ID: "5.3.2", Title: "Every namespace has NetworkPolicies", Status: ControlNotEvaluated,
				Reason: "no kubeward check covers it", Checks: []string{}},
		}},
		{Framework: "pss-baseline", Title: "Pod Security Standards, baseline", Controls: []ControlResult{
			{ID: "host-ports", Title: "Container binds a host port", Status: ControlPass, Checks: []string{"host-ports"}, Evaluated: 5},
		}},
	}
	for i := range r.Compliance {
		r.Compliance[i].Summarize()
	}
	return r
}
