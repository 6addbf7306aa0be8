// Package podsecurity holds the Pod Security Standards controls, baseline
// and restricted, one check per control.
//
// The checks follow the standard as the current Kubernetes release (1.37)
// defines it, including the 1.34 probe-host control and the 1.35 relaxations
// for pods in a user namespace. Each restricted check is complete on its own
// (volume-types also reports hostPath, seccomp-restricted also reports an
// Unconfined profile), so a restricted audit does not depend on which
// baseline checks are enabled; the same field can therefore appear once per
// level.
package podsecurity

import "github.com/kubeward/kubeward/internal/check"

// Family groups these checks in reports.
const Family = "pod-security"

// Checks lists the package's checks in the order they are documented:
// baseline controls first, then restricted ones, in the standard's order.
var Checks = []check.Runner{
	// baseline
	HostProcess,
	HostNamespaces,
	Privileged,
	CapabilitiesBaseline,
	HostPathVolume,
	HostPorts,
	HostProbes,
	AppArmor,
	SELinux,
	ProcMount,
	SeccompBaseline,
	Sysctls,
	// restricted
	VolumeTypes,
	PrivilegeEscalation,
	RunAsNonRoot,
	RunAsNonRootUser,
	SeccompRestricted,
	CapabilitiesRestricted,
	ProcMountRestricted,
}
