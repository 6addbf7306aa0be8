# METADATA
# title: Images come from the company registries
# description: >-
#   Containers run only images from registries the company controls and
#   scans; an image from anywhere else has not been vetted.
# custom:
#   id: allowed-registries
#   severity: high
#   kinds: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob, PodTemplate]
#   remediation: Mirror the image into registry.example.com and use that copy.
package kubeward.allowed_registries

# Prefixes end with a slash so that registry.example.com.evil.io does not match.
registries := ["registry.example.com/", "ghcr.io/example/"]

deny contains {
	"message": sprintf("container %q uses image %q, which is not from an allowed registry (%s)", [c.name, c.image, concat(", ", registries)]),
	"path": sprintf("%s.%s[%d].image", [input.podSpecPath, field, i]),
} if {
	some field in ["initContainers", "containers", "ephemeralContainers"]
	some i, c in input.podSpec[field]
	not allowed(c.image)
}

allowed(image) if {
	some prefix in registries
	startswith(image, prefix)
}
