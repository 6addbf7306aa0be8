// Package clustertest runs the node benchmark against the real
// kube-apiserver and etcd processes that internal/testcluster starts on
// this machine: they are found in /proc and evaluated like a node's.
package clustertest
