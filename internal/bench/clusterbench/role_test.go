package clusterbench_test

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
	"time"

	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/yaml"

	"github.com/kubeward/kubeward/internal/bench"
	"github.com/kubeward/kubeward/internal/bench/clusterbench"
	"github.com/kubeward/kubeward/internal/cluster"
	"github.com/kubeward/kubeward/internal/testcluster"
)

// TestDeployRoleIsEnough binds the ClusterRole of
// deploy/bench/cluster-job.yaml to a user and runs bench --cluster as
// that user: no check may be left not evaluated for want of a permission.
func TestDeployRoleIsEnough(t *testing.T) {
	c := testcluster.Get(t)
	data, err := os.ReadFile("../../../deploy/bench/cluster-job.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var role *rbacv1.ClusterRole
	dec := yaml.NewYAMLOrJSONDecoder(bytes.NewReader(data), 4096)
	for {
		var r rbacv1.ClusterRole
		if err := dec.Decode(&r); err != nil {
			break
		}
		if r.Kind == "ClusterRole" {
			role = &r
		}
	}
	if role == nil {
		t.Fatal("no ClusterRole in deploy/bench/cluster-job.yaml")
	}
	ctx := context.Background()
	cs := c.AdminClient()
	role.Name = "test-bench-cluster-role"
	if _, err := cs.RbacV1().ClusterRoles().Create(ctx, role, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	crb := &rbacv1.ClusterRoleBinding{ObjectMeta: metav1.ObjectMeta{Name: role.Name},
		RoleRef:  rbacv1.RoleRef{APIGroup: "rbac.authorization.k8s.io", Kind: "ClusterRole", Name: role.Name},
		Subjects: []rbacv1.Subject{{APIGroup: "rbac.authorization.k8s.io", Kind: "User", Name: "bench-role-user"}}}
	if _, err := cs.RbacV1().ClusterRoleBindings().Create(ctx, crb, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cs.RbacV1().ClusterRoleBindings().Delete(context.Background(), crb.Name, metav1.DeleteOptions{})
		_ = cs.RbacV1().ClusterRoles().Delete(context.Background(), role.Name, metav1.DeleteOptions{})
	})
	createNode(t, c, "role-node", "127.0.0.1", 10250)
	cl, err := cluster.NewClient(c.ConfigFor("bench-role-user"), "test", cluster.Options{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := bench.Load("cis-1.12")
	if err != nil {
		t.Fatal(err)
	}
	var forbidden []string
	// A new binding takes effect a moment after it is stored.
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(200 * time.Millisecond) {
		out, err := clusterbench.Run(ctx, cl, b, bench.Options{})
		if err != nil {
			t.Fatal(err)
		}
		forbidden = nil
		all := out.Shared
		for _, n := range out.Nodes {
			all = append(all, n.Results...)
		}
		for _, r := range all {
			if strings.Contains(r.Reason, "forbidden") {
				forbidden = append(forbidden, r.Check.ID+": "+r.Reason)
			}
		}
		if len(forbidden) == 0 && len(out.Nodes) > 0 || time.Now().After(deadline) {
			break
		}
	}
	for _, f := range forbidden {
		t.Error(f)
	}
}
