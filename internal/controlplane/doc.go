// Package controlplane evaluates a control plane that runs as static
// pods, seen through the API: the kubelet publishes each static pod as a
// mirror Pod in kube-system (labels component=kube-apiserver,
// kube-controller-manager, kube-scheduler or etcd, and tier=control-plane),
// and its command line is the component's flags. Those flags are judged
// by the CIS benchmark's own flag and config checks (bench.EvaluateComponent),
// so scan --cluster and the node benchmark share one set of rules.
package controlplane
