package workload

import (
	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
)

// MissingLivenessProbe reports long-running containers without a liveness probe.
var MissingLivenessProbe = &check.Check[kube.Container]{
	Meta: check.Meta{
		ID:       "missing-liveness-probe",
		Title:    "Missing liveness probe",
		Severity: check.Low,
		Family:   Family,
		Description: "A long-running container has no liveness probe, so the kubelet restarts it only when its " +
			"process exits: a deadlocked or wedged process keeps its pod and keeps serving errors. Regular " +
			"containers and sidecars (init containers with restartPolicy Always) of Deployments, StatefulSets, " +
			"DaemonSets, ReplicaSets, ReplicationControllers, PodTemplates and bare Pods are checked, unless the " +
			"pod's restartPolicy is Never or OnFailure; Jobs, CronJobs, plain init containers and ephemeral " +
			"containers run to completion or by hand and are not.",
		Remediation: "Add a livenessProbe (httpGet, tcpSocket, grpc or exec) that fails only when the process " +
			"cannot recover by itself, with a startupProbe for slow starts.",
		Peers: check.Peers{KubeLinter: "no-liveness-probe", Polaris: "livenessProbeMissing", Kubescape: "C-0056", Checkov: "CKV_K8S_8"},
	},
	Run: func(p *check.Pass[kube.Container]) error {
		c := p.Subject
		if needsProbes(c) && c.LivenessProbe == nil {
			p.Reportf(c.Path+".livenessProbe", "%s has no liveness probe", c.Describe())
		}
		return nil
	},
}
