// Package images holds kubeward's images checks.
package images

import "github.com/kubeward/kubeward/internal/check"

// Family groups these checks in reports.
const Family = "images"

// Checks lists the package's checks in the order they are documented.
var Checks = []check.Runner{}
