// Package secrets holds kubeward's checks for credentials where they do
// not belong (env literals, ConfigMaps, annotations), long-lived service
// account tokens and Secrets shared too widely. detect.go decides what a
// credential looks like for all of them.
package secrets

import "github.com/kubeward/kubeward/internal/check"

// Family groups these checks in reports.
const Family = "secrets"

// Checks lists the package's checks in the order they are documented.
var Checks = []check.Runner{
	SecretInEnvLiteral,
	SecretInConfigMap,
	SecretInAnnotation,
	LegacyServiceAccountToken,
	SecretMountedWidely,
}
