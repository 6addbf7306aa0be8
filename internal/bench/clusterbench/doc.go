// Package clusterbench runs the CIS benchmark against a cluster through
// its API, without access to any node (kubeward bench --cluster): each
// node's kubelet configuration is read from the configz endpoint the API
// server proxies, and the section 5 policy checks are answered by
// kubeward's own scan checks over the cluster's objects.
package clusterbench
