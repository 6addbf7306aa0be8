// Package rbac holds kubeward's rbac checks.
package rbac

import "github.com/kubeward/kubeward/internal/check"

// Family groups these checks in reports.
const Family = "rbac"

// Checks lists the package's checks in the order they are documented.
var Checks = []check.Runner{}
