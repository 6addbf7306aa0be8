package hygiene

import (
	"fmt"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
)

// SingleReplicaWithoutPDB finds Deployments and StatefulSets that run one
// replica with no PodDisruptionBudget selecting their pods.
//
// The replica count is the one the workload runs at its lowest: an
// HorizontalPodAutoscaler's minReplicas (1 when unset) when one targets
// it, whatever spec.replicas says, else spec.replicas, which the API
// server defaults to 1. Workloads scaled to 0 are left alone.
var SingleReplicaWithoutPDB = &check.Analyzer{
	Meta: check.Meta{
		ID:       "single-replica-without-pdb",
		Title:    "Single-replica workload without a PodDisruptionBudget",
		Severity: check.Low,
		Family:   Family,
		Description: "A workload with one replica is down whenever its pod is evicted: a node drain, " +
			"an upgrade or the autoscaler removing a node stops it without notice, and no " +
			"PodDisruptionBudget makes the eviction wait.",
		Remediation: "Run at least two replicas and add a PodDisruptionBudget (maxUnavailable: 1) " +
			"whose selector matches the pod template labels; for a workload that cannot be " +
			"replicated, decide explicitly whether a budget should block voluntary evictions.",
		Peers: check.Peers{Polaris: "missingPodDisruptionBudget"},
	},
	Kinds:   disruptionKinds,
	Collect: collectDisruption,
	Analyze: func(facts []check.Fact, report func(*kube.Object, check.Finding)) {
		unbudgeted(facts, func(f check.Fact, r replicated, replicas int32, source string) {
			if replicas != 1 {
				return
			}
			report(f.Object, check.Finding{Path: r.path, Location: r.at,
				Message: fmt.Sprintf("%s %q runs a single replica (%s) and no PodDisruptionBudget selects its pods",
					f.Object.Kind, f.Object.Name, source)})
		})
	},
}
