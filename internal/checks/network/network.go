// Package network holds kubeward's network-exposure checks: Services and
// Ingresses that reach outside the cluster, and NetworkPolicies that leave
// pods open. Host networking and host ports are pod-security checks
// (host-namespaces, host-ports) and are not repeated here.
package network

import "github.com/kubeward/kubeward/internal/check"

// Family groups these checks in reports.
const Family = "network"

// Checks lists the package's checks in the order they are documented.
var Checks = []check.Runner{
	NamespaceWithoutNetworkPolicy,
	NetworkPolicyAllowAll,
	ServiceExternalIPs,
	ServiceNodePort,
	ServiceLoadBalancer,
	LoadBalancerSourceRanges,
	IngressWithoutTLS,
}
