package rbac

import (
	"context"
	"fmt"

	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/pager"

	"github.com/kubeward/kubeward/internal/kube"
)

// pageSize bounds one list response; big clusters hold tens of thousands
// of bindings.
const pageSize = 500

// LoadCluster lists every Role, ClusterRole, RoleBinding and
// ClusterRoleBinding of a cluster, page by page. It is deliberately small:
// the shared cluster source can replace it without changing the policy.
func LoadCluster(ctx context.Context, cs kubernetes.Interface) (*Inventory, error) {
	inv := &Inventory{}
	rbac := cs.RbacV1()
	lists := []struct {
		kind string
		list func(context.Context, metav1.ListOptions) (runtime.Object, error)
		add  func(runtime.Object) error
	}{
		{"ClusterRole", func(ctx context.Context, o metav1.ListOptions) (runtime.Object, error) {
			return rbac.ClusterRoles().List(ctx, o)
		},
			func(obj runtime.Object) error {
				r := obj.(*rbacv1.ClusterRole)
				inv.Roles = append(inv.Roles, &Role{Ref: ref("ClusterRole", r.ObjectMeta), Labels: r.Labels, Rules: r.Rules, AggregationRule: r.AggregationRule})
				return nil
			}},
		{"Role", func(ctx context.Context, o metav1.ListOptions) (runtime.Object, error) {
			return rbac.Roles("").List(ctx, o)
		},
			func(obj runtime.Object) error {
				r := obj.(*rbacv1.Role)
				inv.Roles = append(inv.Roles, &Role{Ref: ref("Role", r.ObjectMeta), Labels: r.Labels, Rules: r.Rules})
				return nil
			}},
		{"ClusterRoleBinding", func(ctx context.Context, o metav1.ListOptions) (runtime.Object, error) {
			return rbac.ClusterRoleBindings().List(ctx, o)
		}, func(obj runtime.Object) error {
			b := obj.(*rbacv1.ClusterRoleBinding)
			inv.Bindings = append(inv.Bindings, &Binding{Ref: ref("ClusterRoleBinding", b.ObjectMeta), Subjects: b.Subjects, RoleRef: b.RoleRef})
			return nil
		}},
		{"RoleBinding", func(ctx context.Context, o metav1.ListOptions) (runtime.Object, error) {
			return rbac.RoleBindings("").List(ctx, o)
		},
			func(obj runtime.Object) error {
				b := obj.(*rbacv1.RoleBinding)
				inv.Bindings = append(inv.Bindings, &Binding{Ref: ref("RoleBinding", b.ObjectMeta), Subjects: b.Subjects, RoleRef: b.RoleRef})
				return nil
			}},
	}
	for _, l := range lists {
		p := pager.New(l.list)
		p.PageSize = pageSize
		if err := p.EachListItem(ctx, metav1.ListOptions{}, l.add); err != nil {
			return nil, fmt.Errorf("list %ss: %w", l.kind, err)
		}
	}
	return inv, nil
}

func ref(kind string, m metav1.ObjectMeta) kube.Ref {
	return kube.Ref{APIVersion: Group + "/v1", Kind: kind, Namespace: m.Namespace, Name: m.Name}
}
