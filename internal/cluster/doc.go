// Package cluster reads a live cluster for kubeward: it loads a client
// configuration the way kubectl does (kubeconfig, context, in-cluster),
// discovers what the API server serves, lists the kinds a caller asks for
// page by page with bounded concurrency, and turns each listed object into
// a kube.Object that names the cluster instead of a file.
//
// The pieces are separate so other modes reuse them: Options and Connect
// give a Client from flags; Client.Resources picks the resources to list;
// Client.Stream delivers objects as pages arrive (for scans that must not
// hold the whole cluster in memory); Client.List collects them (for
// analyses that need every object anyway); Client.ServerVersion and
// Client.KubeletVersions read versions.
package cluster
