package hygiene

import (
	"fmt"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
)

// MultiReplicaWithoutPDB finds Deployments and StatefulSets that run
// several replicas with no PodDisruptionBudget selecting their pods. The
// replica count is taken as SingleReplicaWithoutPDB takes it.
var MultiReplicaWithoutPDB = &check.Analyzer{
	Meta: check.Meta{
		ID:       "multi-replica-without-pdb",
		Title:    "Replicated workload without a PodDisruptionBudget",
		Severity: check.Info,
		Family:   Family,
		Description: "Without a PodDisruptionBudget, a node drain or cluster upgrade may evict every " +
			"replica of the workload at once; its redundancy then does not survive maintenance.",
		Remediation: "Add a PodDisruptionBudget in the workload's namespace whose selector matches " +
			"the pod template labels (for example maxUnavailable: 1).",
		Peers: check.Peers{Polaris: "missingPodDisruptionBudget"},
	},
	Kinds:   disruptionKinds,
	Collect: collectDisruption,
	Analyze: func(facts []check.Fact, report func(*kube.Object, check.Finding)) {
		unbudgeted(facts, func(f check.Fact, r replicated, replicas int32, source string) {
			if replicas < 2 {
				return
			}
			report(f.Object, check.Finding{Path: r.path, Location: r.at,
				Message: fmt.Sprintf("%s %q runs %d replicas (%s) and no PodDisruptionBudget selects its pods",
					f.Object.Kind, f.Object.Name, replicas, source)})
		})
	},
}
