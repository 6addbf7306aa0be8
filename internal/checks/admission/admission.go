// Package admission holds kubeward's admission checks.
package admission

import "github.com/kubeward/kubeward/internal/check"

// Family groups these checks in reports.
const Family = "admission"

// Checks lists the package's checks in the order they are documented.
var Checks = []check.Runner{}
