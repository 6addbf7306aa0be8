//go:build tools

// Package tools pins the control-plane commands this module builds for
// kubeward's tests; the module is separate so that k8s.io/kubernetes and its
// replace directives never reach kubeward's own go.mod.
package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
)
