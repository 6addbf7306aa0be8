package report

import (
	"time"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
)

// GoldenReport is the report every writer's golden file is made from. It
// holds each case a writer must handle: every severity, a warning, a check
// that could not be evaluated, findings suppressed by annotation and by
// config, a cluster object without a file, a file name that needs escaping
// in a URI, and input errors with and without a line. It is exported (in
// tests only) so the schema test in package report_test can use it.
func GoldenReport() *Report {
	r := New("scan", "1.2.3", time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
	r.Summary.Objects = 7
	r.Rules = []*check.Meta{&privileged, &runAsRoot, &latestTag, &noLimits, &tokenMounted, &clusterAdmin}

	web := kube.Ref{APIVersion: "apps/v1", Kind: "Deployment", Namespace: "shop", Name: "web"}
	cache := kube.Ref{APIVersion: "apps/v1", Kind: "StatefulSet", Namespace: "shop", Name: "cache"}
	legacy := kube.Ref{APIVersion: "apps/v1", Kind: "Deployment", Namespace: "shop", Name: "legacy"}
	backup := kube.Ref{APIVersion: "batch/v1", Kind: "CronJob", Namespace: "ops", Name: "backup"}
	broken := kube.Ref{APIVersion: "v1", Kind: "Pod", Namespace: "default", Name: "broken"}
	admins := kube.Ref{APIVersion: "rbac.authorization.k8s.io/v1", Kind: "ClusterRoleBinding", Name: "admins",
		Cluster: "prod", ResourceVersion: "4711"}
	const ctr = "spec.template.spec.containers[0]"

	// Appended out of order on purpose: Finish must sort them.
	r.Findings = append(r.Findings,
		finding(&latestTag, web, "deploy/web.yaml", 14, 16, ctr+".image", "app",
			`container "app" uses image "nginx:latest"`),
		finding(&privileged, web, "deploy/web.yaml", 18, 23, ctr+".securityContext.privileged", "app",
			`container "app" runs privileged`),
		finding(&runAsRoot, web, "deploy/web.yaml", 17, 9, ctr+".securityContext", "app",
			`container "app" may run as root: runAsNonRoot is not set`),
		finding(&clusterAdmin, admins, "", 0, 0, "roleRef.name", "",
			`binds cluster-admin to group "developers"`),
		finding(&noLimits, backup, "deploy/jobs/nightly backup.yaml", 21, 13,
			"spec.jobTemplate.spec.template.spec.containers[0].resources", "dump",
			`container "dump" has no memory limit`),
		finding(&tokenMounted, backup, "deploy/jobs/nightly backup.yaml", 0, 0, "", "",
			"the service account token is mounted although the job never calls the API"),
	)
	r.Findings[5].Status = check.StatusWarn
	r.Findings[3].Location.Object = "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/admins"
	errored := finding(&privileged, broken, "deploy/broken.yaml", 3, 1, "", "",
		"could not evaluate: spec.containers[0].securityContext: expected a mapping, got a string")
	errored.Status = check.StatusError
	r.Findings = append(r.Findings, errored)

	byAnnotation := finding(&privileged, legacy, "deploy/legacy.yaml", 20, 23, ctr+".securityContext.privileged", "driver",
		`container "driver" runs privileged`)
	byAnnotation.Suppressed = "annotation: loads the GPU kernel module; reviewed in SEC-142"
	byConfig := finding(&runAsRoot, cache, "deploy/cache.yaml", 15, 9, "spec.template.spec.containers[0].securityContext", "redis",
		`container "redis" may run as root: runAsNonRoot is not set`)
	byConfig.Suppressed = "config: upstream image needs root until 8.0"
	r.Suppressed = append(r.Suppressed, byConfig, byAnnotation)

	r.Errors = append(r.Errors,
		Error{File: "deploy/bad.yaml", Line: 7, Message: "yaml: mapping values are not allowed in this context"},
		Error{File: "charts/missing", Message: "open charts/missing: no such file or directory"},
	)
	r.Finish()
	return r
}

func finding(m *check.Meta, obj kube.Ref, file string, line, col int, path, container, msg string) check.Finding {
	return check.Finding{
		Check: m.ID, Severity: m.Severity, Status: check.StatusFail, Title: m.Title, Message: msg,
		Object: obj, Location: kube.Location{File: file, Line: line, Column: col},
		Path: path, Container: container, Frameworks: check.FrameworksOf(m.Controls), Remediation: m.Remediation,
	}
}

var (
	privileged = check.Meta{
		ID: "privileged-container", Title: "Privileged container", Severity: check.Critical, Family: "pod-security",
		Description: "A privileged container has every capability and access to all host devices.",
		Remediation: "Remove securityContext.privileged or set it to false.",
		Controls: []check.Control{{Framework: "pss", ID: "baseline"}, {Framework: "cis", ID: "5.2.2"},
			{Framework: "nsa", ID: "pod-security"}, {Framework: "mitre", ID: "T1611"}},
	}
	runAsRoot = check.Meta{
		ID: "run-as-root", Title: "Container may run as root", Severity: check.High, Family: "pod-security",
		Description: "A container that runs as root turns any escape into root on the node.",
		Remediation: "Set securityContext.runAsNonRoot: true and a non-zero runAsUser.",
		Controls:    []check.Control{{Framework: "pss", ID: "restricted"}, {Framework: "cis", ID: "5.2.6"}},
	}
	latestTag = check.Meta{
		ID: "image-latest-tag", Title: "Image without a pinned version", Severity: check.Medium, Family: "workload",
		Description: "An image tagged latest or untagged changes under the workload without review.",
		Remediation: "Pin the image by digest or by a version tag.",
	}
	noLimits = check.Meta{
		ID: "missing-resource-limits", Title: "No resource limits", Severity: check.Low, Family: "workload",
		Description: "Without limits one container can starve its node.",
		Remediation: "Set resources.limits.memory and resources.limits.cpu.",
		Controls:    []check.Control{{Framework: "nsa", ID: "resource-policies"}},
	}
	tokenMounted = check.Meta{
		ID: "service-account-token-mounted", Title: "Service account token mounted", Severity: check.Info, Family: "workload",
		Description: "A mounted token lets anyone inside the pod call the API as its service account.",
		Remediation: "Set automountServiceAccountToken: false unless the pod calls the API.",
		Controls:    []check.Control{{Framework: "mitre", ID: "T1528"}},
	}
	clusterAdmin = check.Meta{
		ID: "cluster-admin-binding", Title: "Binding to cluster-admin", Severity: check.Critical, Family: "rbac",
		Description: "cluster-admin allows everything on every resource.",
		Remediation: "Bind a role that grants only what the subjects need.",
		Controls:    []check.Control{{Framework: "cis", ID: "5.1.1"}, {Framework: "mitre", ID: "T1078"}},
	}
)
