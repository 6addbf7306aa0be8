package testcluster

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// NamespaceLabel is set on every namespace Namespace creates, to the name of
// the test that created it.
const NamespaceLabel = "testcluster.kubeward.dev/test"

// Namespace creates a namespace unique to t, with its "default"
// ServiceAccount, and deletes the namespace when t ends. The
// ServiceAccount is made here because no controller-manager runs: without
// it, creating a Pod fails.
//
// With no controller-manager, a deleted namespace stays Terminating and its
// objects stay stored until the cluster stops; tests must not rely on a
// namespace being gone.
func (c *Cluster) Namespace(t testing.TB) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	name := namespaceName(t.Name())
	cs := c.AdminClient()
	ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{
		Name:   name,
		Labels: map[string]string{NamespaceLabel: labelValue(t.Name())},
	}}
	if _, err := cs.CoreV1().Namespaces().Create(ctx, ns, metav1.CreateOptions{}); err != nil {
		t.Fatalf("testcluster: create namespace %s: %v", name, err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := cs.CoreV1().Namespaces().Delete(ctx, name, metav1.DeleteOptions{}); err != nil {
			t.Errorf("testcluster: delete namespace %s: %v", name, err)
		}
	})
	sa := &corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Name: "default"}}
	if _, err := cs.CoreV1().ServiceAccounts(name).Create(ctx, sa, metav1.CreateOptions{}); err != nil {
		t.Fatalf("testcluster: create service account %s/default: %v", name, err)
	}
	return name
}

// namespaceName turns a test name into a DNS label: lower case, runs of
// other characters as one dash, a random suffix so that reruns and
// subtests of the same name do not collide.
func namespaceName(test string) string {
	base := dnsLabel(test, 50)
	if base == "" {
		base = "test"
	}
	return base + "-" + randomHex(4)
}

// labelValue turns a test name into a valid label value (63 characters of
// [A-Za-z0-9._-], alphanumeric at both ends).
func labelValue(test string) string {
	return dnsLabel(test, 63)
}

func dnsLabel(s string, max int) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	out := b.String()
	if len(out) > max {
		out = out[:max]
	}
	return strings.Trim(out, "-")
}

func randomHex(n int) string {
	buf := make([]byte, n)
	rand.Read(buf) // never fails since Go 1.24
	return hex.EncodeToString(buf)
}
