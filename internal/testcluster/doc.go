// Package testcluster runs a real kube-apiserver and etcd on loopback ports
// for kubeward's tests, so that code talking to a cluster is tested against
// the real API: authentication, RBAC, admission and audit included.
//
// A test package opts in with
//
//	func TestMain(m *testing.M) { testcluster.Main(m) }
//
// and each test takes the shared control plane with Get and its own
// namespace with Cluster.Namespace. Start runs further control planes with
// other Options.
//
// The control plane is etcd plus kube-apiserver with TLS, client
// certificates from a per-cluster CA, Node and RBAC authorization, the
// NodeRestriction admission plugin, privileged pods allowed, service-account
// tokens and a JSON audit log. No controller-manager, scheduler or kubelet
// runs: Deployments create no Pods, Pods stay Pending, namespaces get no
// default ServiceAccount by themselves and deleted namespaces stay
// Terminating.
//
// The binaries come from the directory in KUBEWARD_TESTCLUSTER_BIN, else
// from scripts/testcluster-binaries.sh, which builds them from the Go module
// proxy once (about 11 minutes on 2 cores) and caches them. When they are
// missing and cannot be built, tests that need a cluster fail; with
// KUBEWARD_TESTCLUSTER=off they are skipped instead. docs/testcluster.md has
// the details.
package testcluster
