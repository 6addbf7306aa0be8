package workload

import (
	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
)

// MissingReadinessProbe reports long-running containers without a readiness probe.
var MissingReadinessProbe = &check.Check[kube.Container]{
	Meta: check.Meta{
		ID:       "missing-readiness-probe",
		Title:    "Missing readiness probe",
		Severity: check.Low,
		Family:   Family,
		Description: "A long-running container has no readiness probe, so it counts as ready as soon as it " +
			"starts: Services send it traffic before it can answer, and rolling updates carry on while new " +
			"pods fail. The same containers as for missing-liveness-probe are checked: regular containers and " +
			"sidecars of workloads that restart their pods, including bare Pods, but not Jobs, CronJobs, plain " +
			"init containers or ephemeral containers.",
		Remediation: "Add a readinessProbe that succeeds only once the container can serve requests.",
		Peers:       check.Peers{KubeLinter: "no-readiness-probe", Polaris: "readinessProbeMissing", Kubescape: "C-0018", Checkov: "CKV_K8S_9"},
	},
	Run: func(p *check.Pass[kube.Container]) error {
		c := p.Subject
		if needsProbes(c) && c.ReadinessProbe == nil {
			p.Reportf(c.Path+".readinessProbe", "%s has no readiness probe", c.Describe())
		}
		return nil
	},
}
