# METADATA
# title: Workloads name their owning team
# description: >-
#   Every workload carries a team label, so that findings, alerts and
#   incidents reach the people who own it. In admission, the label cannot
#   change on update: ownership moves through a new object, not an edit.
# custom:
#   id: team-label
#   severity: medium
#   kinds: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob]
#   remediation: Add metadata.labels.team with the name of the owning team.
package kubeward.team_label

# The finding points at the labels when there are some, else at metadata.
labels_path := "metadata.labels" if input.object.metadata.labels
else := "metadata"

deny contains {
	"message": sprintf("%s %q has no team label", [input.kind, input.name]),
	"path": labels_path,
} if {
	not input.object.metadata.labels.team
}

# Only admission requests carry input.request: scans never see this rule fire.
deny contains {
	"id": "team-label-immutable",
	"severity": "high",
	"message": sprintf("the team label cannot change from %q to %q", [previous, current]),
	"path": "metadata.labels.team",
} if {
	input.request.operation == "UPDATE"
	previous := input.request.oldObject.metadata.labels.team
	current := object.get(input.object, ["metadata", "labels", "team"], "")
	previous != current
}

warn contains {
	"id": "team-contact",
	"severity": "low",
	"message": sprintf("team %q has no contact annotation (example.com/contact)", [team]),
	"path": "metadata.labels.team",
} if {
	team := input.object.metadata.labels.team
	not input.object.metadata.annotations["example.com/contact"]
}
