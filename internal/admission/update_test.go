package admission_test

import (
	"slices"
	"strings"
	"testing"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kubeward/kubeward/internal/admission"
	"github.com/kubeward/kubeward/internal/testcluster"
)

// An object stored before the webhook existed keeps its old finding
// through unrelated updates; a new finding still denies.
func TestUpdateOfLegacyObject(t *testing.T) {
	t.Parallel()
	c := testcluster.Get(t)
	ns := namespace(t, c, scopeOf(t), map[string]string{admission.LabelWarn: "high"})
	cs, warned := clientWithWarnings(t, c)
	deps := cs.AppsV1().Deployments(ns)
	if _, err := deps.Create(t.Context(), deployment("legacy", privilegedSpec()), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	w := startWebhook(t, c, defaults())
	register(t, c, w.URL, admissionregistrationv1.Fail)

	d, err := deps.Get(t.Context(), "legacy", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	d.Spec.Replicas = ptr(int32(3))
	if d, err = deps.Update(t.Context(), d, metav1.UpdateOptions{}); err != nil {
		t.Fatalf("unrelated update of a legacy deployment: %v", err)
	}
	want := []string{`kubeward: privileged-container (critical) at spec.template.spec.containers[0].securityContext.privileged: ` +
		`container "app" runs privileged (already present before this update, so not denied)`}
	if got := warned.take(); !slices.Equal(got, want) {
		t.Errorf("warnings\n%q\nwant\n%q", got, want)
	}

	d.Spec.Template.Spec.HostPID = true
	_, err = deps.Update(t.Context(), d, metav1.UpdateOptions{})
	wantPrefix := deniedPrefix + "kubeward: host-namespaces (high) at spec.template.spec.hostPID: "
	if err == nil || !strings.HasPrefix(err.Error(), wantPrefix) || strings.Contains(err.Error(), "privileged-container") {
		t.Fatalf("update adding hostPID: err = %v\nwant %s... without the old privileged-container", err, wantPrefix)
	}
}
