package kube

import (
	rbacv1 "k8s.io/api/rbac/v1"
)

// Role is a Role or a ClusterRole: the rules and, for a ClusterRole, the
// aggregation rule that pulls in other ClusterRoles' rules.
type Role struct {
	Object          *Object
	Rules           []rbacv1.PolicyRule
	AggregationRule *rbacv1.AggregationRule
	Cluster         bool
}

// Binding is a RoleBinding or a ClusterRoleBinding.
type Binding struct {
	Object   *Object
	Subjects []rbacv1.Subject
	RoleRef  rbacv1.RoleRef
	Cluster  bool
}

func roleSubject(o *Object) ([]any, error) {
	r, err := Decode[rbacv1.ClusterRole](o) // a Role has the same rules field
	if err != nil {
		return nil, err
	}
	return []any{&Role{Object: o, Rules: r.Rules, AggregationRule: r.AggregationRule, Cluster: o.Kind == "ClusterRole"}}, nil
}

func bindingSubject(o *Object) ([]any, error) {
	b, err := Decode[rbacv1.ClusterRoleBinding](o) // same fields as a RoleBinding
	if err != nil {
		return nil, err
	}
	return []any{&Binding{Object: o, Subjects: b.Subjects, RoleRef: b.RoleRef, Cluster: o.Kind == "ClusterRoleBinding"}}, nil
}
