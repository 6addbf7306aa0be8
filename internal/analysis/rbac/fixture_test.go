package rbac_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"strings"
	"testing"

	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"k8s.io/client-go/kubernetes"
)

// fixture is testdata/policy.yaml made unique for one test.
type fixture struct {
	ns1, ns2, sfx string
	yaml          string
}

func newFixture(t *testing.T, file, ns1, ns2 string) fixture {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	b := make([]byte, 3)
	_, _ = rand.Read(b)
	sfx := hex.EncodeToString(b)
	r := strings.NewReplacer("NS1", ns1, "NS2", ns2, "SFX", sfx)
	return fixture{ns1: ns1, ns2: ns2, sfx: sfx, yaml: r.Replace(string(data))}
}

// name expands SFX in a cluster-scoped name or user name.
func (f fixture) name(s string) string { return strings.ReplaceAll(s, "SFX", f.sfx) }

// apply creates every object of the fixture in the cluster and deletes
// the cluster-scoped ones when the test ends.
func (f fixture) apply(t *testing.T, ctx context.Context, cs kubernetes.Interface) {
	t.Helper()
	dec := utilyaml.NewYAMLOrJSONDecoder(bytes.NewReader([]byte(f.yaml)), 4096)
	rb := cs.RbacV1()
	for {
		var u unstructured.Unstructured
		if err := dec.Decode(&u.Object); err != nil {
			if errors.Is(err, io.EOF) {
				return
			}
			t.Fatal(err)
		}
		if u.Object == nil {
			continue
		}
		var err error
		conv := runtime.DefaultUnstructuredConverter
		switch u.GetKind() {
		case "Role":
			var o rbacv1.Role
			if err = conv.FromUnstructured(u.Object, &o); err == nil {
				_, err = rb.Roles(o.Namespace).Create(ctx, &o, metav1.CreateOptions{})
			}
		case "ClusterRole":
			var o rbacv1.ClusterRole
			if err = conv.FromUnstructured(u.Object, &o); err == nil {
				_, err = rb.ClusterRoles().Create(ctx, &o, metav1.CreateOptions{})
				t.Cleanup(func() { _ = rb.ClusterRoles().Delete(context.Background(), o.Name, metav1.DeleteOptions{}) })
			}
		case "RoleBinding":
			var o rbacv1.RoleBinding
			if err = conv.FromUnstructured(u.Object, &o); err == nil {
				_, err = rb.RoleBindings(o.Namespace).Create(ctx, &o, metav1.CreateOptions{})
			}
		case "ClusterRoleBinding":
			var o rbacv1.ClusterRoleBinding
			if err = conv.FromUnstructured(u.Object, &o); err == nil {
				_, err = rb.ClusterRoleBindings().Create(ctx, &o, metav1.CreateOptions{})
				t.Cleanup(func() { _ = rb.ClusterRoleBindings().Delete(context.Background(), o.Name, metav1.DeleteOptions{}) })
			}
		default:
			t.Fatalf("fixture: unexpected kind %s", u.GetKind())
		}
		if err != nil {
			t.Fatalf("create %s %s: %v", u.GetKind(), u.GetName(), err)
		}
	}
}
