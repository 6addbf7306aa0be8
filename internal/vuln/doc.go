// Package vuln matches Kubernetes versions against known Kubernetes CVEs
// and the upstream support window of each minor line, offline: the data
// is embedded (data/k8s-cves.json, data/support.csv; data/SOURCES.md says
// where it comes from) and a newer CVE file can be loaded from disk.
// Nothing here touches the network.
//
// Assess turns the versions of running components (from a live cluster
// or from --k8s-version) into findings: k8s-cve, one per CVE and object,
// and k8s-version-eol for a minor line out of support.
package vuln
