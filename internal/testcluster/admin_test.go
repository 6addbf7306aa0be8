package testcluster_test

import (
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kubeward/kubeward/internal/testcluster"
)

func TestAdminCreatesNamespaceAndPrivilegedDeployment(t *testing.T) {
	t.Parallel()
	c := testcluster.Get(t)
	cs := c.AdminClient()
	ctx := t.Context()

	ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{GenerateName: "admin-privileged-"}}
	ns, err := cs.CoreV1().Namespaces().Create(ctx, ns, metav1.CreateOptions{})
	if err != nil {
		t.Fatalf("create namespace: %v", err)
	}
	dep := privilegedDeployment("node-agent")
	if _, err := cs.AppsV1().Deployments(ns.Name).Create(ctx, dep, metav1.CreateOptions{}); err != nil {
		t.Fatalf("create privileged deployment: %v", err)
	}
	got, err := cs.AppsV1().Deployments(ns.Name).Get(ctx, "node-agent", metav1.GetOptions{})
	if err != nil {
		t.Fatalf("get deployment: %v", err)
	}
	spec := got.Spec.Template.Spec
	if !spec.HostNetwork || !*spec.Containers[0].SecurityContext.Privileged {
		t.Errorf("stored deployment lost hostNetwork/privileged: hostNetwork=%v privileged=%v",
			spec.HostNetwork, *spec.Containers[0].SecurityContext.Privileged)
	}
}

// A Pod needs its namespace's default ServiceAccount, which only Namespace
// provides in a cluster without a controller-manager.
func TestNamespaceAdmitsPrivilegedPod(t *testing.T) {
	t.Parallel()
	c := testcluster.Get(t)
	ns := c.Namespace(t)
	pod := &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: "debug"},
		Spec:       privilegedDeployment("x").Spec.Template.Spec,
	}
	got, err := c.AdminClient().CoreV1().Pods(ns).Create(t.Context(), pod, metav1.CreateOptions{})
	if err != nil {
		t.Fatalf("create pod in %s: %v", ns, err)
	}
	if got.Spec.ServiceAccountName != "default" {
		t.Errorf("serviceAccountName = %q, want default", got.Spec.ServiceAccountName)
	}
}

func privilegedDeployment(name string) *appsv1.Deployment {
	privileged := true
	labels := map[string]string{"app": name}
	return &appsv1.Deployment{
		ObjectMeta: metav1.ObjectMeta{Name: name},
		Spec: appsv1.DeploymentSpec{
			Selector: &metav1.LabelSelector{MatchLabels: labels},
			Template: corev1.PodTemplateSpec{
				ObjectMeta: metav1.ObjectMeta{Labels: labels},
				Spec: corev1.PodSpec{
					HostNetwork: true,
					Containers: []corev1.Container{{
						Name:            "agent",
						Image:           "registry.example/agent:1.0",
						SecurityContext: &corev1.SecurityContext{Privileged: &privileged},
					}},
				},
			},
		},
	}
}
