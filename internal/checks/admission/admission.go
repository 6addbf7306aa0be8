// Package admission holds kubeward's checks of the admission surface:
// Validating- and MutatingWebhookConfigurations that fail open, can block
// the control plane or deadlock themselves, or stall API requests.
package admission

import "github.com/kubeward/kubeward/internal/check"

// Family groups these checks in reports.
const Family = "admission"

// Checks lists the package's checks in the order they are documented.
var Checks = []check.Runner{
	WebhookFailurePolicyIgnore,
	WebhookMatchesKubeSystem,
	WebhookInterceptsOwnNamespace,
	WebhookTimeout,
}
