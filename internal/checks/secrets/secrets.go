// Package secrets holds kubeward's secrets checks.
package secrets

import "github.com/kubeward/kubeward/internal/check"

// Family groups these checks in reports.
const Family = "secrets"

// Checks lists the package's checks in the order they are documented.
var Checks = []check.Runner{}
