// Package network holds kubeward's network checks.
package network

import "github.com/kubeward/kubeward/internal/check"

// Family groups these checks in reports.
const Family = "network"

// Checks lists the package's checks in the order they are documented.
var Checks = []check.Runner{}
