// Package probe finds the Kubernetes services that answer on the network
// and what they give away, the way an attacker would see them: a TCP
// connect scan of the Kubernetes ports of the targets the user named, an
// identification of what answers (API server, kubelet, etcd, kubectl proxy,
// controller-manager, scheduler, kube-proxy, metrics endpoints), and
// passive probes that only read. Active probes, which create and delete
// objects through the API server, run only when asked for.
//
// Every probe result is a check.Finding whose evidence is the exact request
// sent and the answer's status: a 401 or 403 is evidence of protection and
// reported as a pass, never as an exposure.
package probe
