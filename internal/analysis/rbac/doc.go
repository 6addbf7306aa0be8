// Package rbac answers questions about a cluster's RBAC policy the way the
// API server's RBAC authorizer would: what a subject may do (effective
// permissions), who may make a request (who-can), and which chains of
// permissions lead a subject to more power than it was given (escalation
// paths). The policy comes from Role, ClusterRole, RoleBinding and
// ClusterRoleBinding objects read from files or listed from a cluster;
// aggregated ClusterRoles are resolved as the aggregation controller would
// fill them in.
package rbac
