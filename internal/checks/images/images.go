// Package images holds kubeward's checks on where container images come
// from and how nodes resolve them. Image references are parsed by
// internal/imageref; the registry allowlist is check.Settings'.
package images

import "github.com/kubeward/kubeward/internal/check"

// Family groups these checks in reports.
const Family = "images"

// Checks lists the package's checks in the order they are documented.
var Checks = []check.Runner{
	RegistryNotAllowed,
	PublicMirror,
	PullPolicyMutableTag,
}
