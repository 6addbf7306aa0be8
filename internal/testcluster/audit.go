package testcluster

// defaultAuditPolicy records every request at Metadata level at least, the
// bodies of writes where detectors need them, and never the contents of
// secrets, config maps or tokens. Health probes are left out: the harness
// polls /readyz and would otherwise fill the log.
const defaultAuditPolicy = `apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: ["RequestReceived"]
rules:
- level: None
  nonResourceURLs: ["/healthz*", "/livez*", "/readyz*"]
- level: Metadata
  resources:
  - group: ""
    resources: ["secrets", "configmaps", "serviceaccounts/token"]
  - group: authentication.k8s.io
    resources: ["tokenreviews"]
- level: RequestResponse
  resources:
  - group: rbac.authorization.k8s.io
  - group: admissionregistration.k8s.io
- level: Request
  verbs: ["create", "update", "patch"]
  resources:
  - group: ""
    resources: ["pods", "pods/exec", "pods/attach", "pods/portforward", "pods/ephemeralcontainers"]
  - group: apps
  - group: batch
- level: Metadata
`
