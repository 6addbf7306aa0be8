package check

// NSAControls are the sections of the NSA/CISA Kubernetes Hardening
// Guidance (v1.2) that checks map to, by the short ID reports use.
var NSAControls = map[string]string{
	"non-root":               "Pod security: use containers built to run as non-root users",
	"immutable-filesystems":  "Pod security: run containers with immutable file systems",
	"secure-images":          "Pod security: build secure container images",
	"pod-security":           "Pod security: pod security enforcement",
	"service-account-tokens": "Pod security: protect pod service account tokens",
	"container-hardening":    "Pod security: harden container environments",
	"namespaces":             "Network separation: namespaces",
	"network-policies":       "Network separation: network policies",
	"resource-policies":      "Network separation: resource policies",
	"control-plane":          "Network separation: control plane hardening",
	"secrets":                "Network separation: secrets",
	"authentication":         "Authentication and authorization: authentication",
	"rbac":                   "Authentication and authorization: role-based access control",
	"audit-logging":          "Audit logging and threat detection",
	"upgrading":              "Upgrading and application security practices",
}
