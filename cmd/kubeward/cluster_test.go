package main_test

import (
	"context"
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"

	"github.com/kubeward/kubeward/internal/testcluster"
)

// clusterReport is the part of a cluster scan's JSON report the tests read.
type clusterReport struct {
	Metadata struct{ Mode string }
	Summary  struct{ Objects int }
	Findings []struct {
		Check, Status, Message, Path string
		Object                       struct{ APIVersion, Kind, Namespace, Name, Cluster, ResourceVersion string }
		Location                     struct {
			File, Object string
		}
	}
	Compliance []struct {
		Controls []struct{ ID, Status, Reason string }
	}
}

// TestScanCluster runs `kubeward scan --cluster` against a real
// kube-apiserver: as the admin, and as a user who may list only
// Deployments of one namespace, whose other kinds are reported as not
// evaluated, with --fail-on-incomplete turning that into exit code 1.
func TestScanCluster(t *testing.T) {
	// This package's TestMain builds the binaries; the control plane is
	// started here, for this test only.
	ctx := context.Background()
	tc, err := testcluster.Start(ctx, testcluster.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = tc.Stop() })
	cs := tc.AdminClient()
	const ns, user = "shop", "auditor"
	seedShop(t, cs, ns, user)
	admin := tc.Kubeconfig()
	limited := writeKubeconfig(t, tc.ConfigFor(user), "limited")

	t.Run("admin", func(t *testing.T) {
		r := run(t, "", kubeward, "scan", "--cluster", "--kubeconfig", admin, "-n", ns, "-o", "json")
		wantCode(t, r, 1) // a privileged container is critical
		rep := decodeCluster(t, r)
		if rep.Metadata.Mode != "cluster" {
			t.Errorf("mode %q", rep.Metadata.Mode)
		}
		f := findingOf(t, rep, "privileged-container")
		if f.Object.Kind != "Deployment" || f.Object.Namespace != ns || f.Object.Name != "web" ||
			f.Object.Cluster != "kubeward-testcluster" || f.Object.ResourceVersion == "" ||
			f.Location.File != "" || f.Location.Object != "/apis/apps/v1/namespaces/shop/deployments/web" ||
			f.Path != "spec.template.spec.containers[0].securityContext.privileged" || f.Message != `container "app" runs privileged` {
			t.Errorf("privileged-container finding %+v", f)
		}
		for _, f := range rep.Findings {
			if f.Status == "not-evaluated" {
				t.Errorf("the admin may list everything, yet %s: %s", f.Check, f.Message)
			}
		}
	})

	t.Run("limited", func(t *testing.T) {
		args := []string{"scan", "--cluster", "--kubeconfig", limited, "-n", ns, "-o", "json", "--fail-on", "none", "--framework", "pss-baseline"}
		var r result
		var rep clusterReport
		// The user's RoleBinding takes effect a moment after it is stored.
		for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(200 * time.Millisecond) {
			r = run(t, "", kubeward, args...)
			rep = decodeCluster(t, r)
			if slices.ContainsFunc(rep.Findings, func(f findingT) bool { return f.Check == "privileged-container" && f.Status == "fail" }) ||
				time.Now().After(deadline) {
				break
			}
		}
		wantCode(t, r, 0)
		if f := findingOf(t, rep, "privileged-container"); f.Status != "fail" || f.Object.Name != "web" {
			t.Fatalf("the Deployment the user may list was not evaluated: %+v", f)
		}
		// Every check that looks at Pods is not evaluated on them, with the
		// API server's reason; none passes silently.
		podReason := `could not list pods in namespace "shop": pods is forbidden: User "auditor" cannot list resource "pods" in API group "" in the namespace "shop"`
		var podChecks []string
		for _, f := range rep.Findings {
			if f.Status == "not-evaluated" && f.Object.Kind == "Pod" {
				if f.Message != podReason || f.Object.Name != "*" || f.Object.Namespace != ns || f.Location.Object != "/api/v1/namespaces/shop/pods" {
					t.Errorf("not-evaluated finding %+v", f)
				}
				podChecks = append(podChecks, f.Check)
			}
		}
		for _, id := range []string{"privileged-container", "host-namespaces", "run-as-non-root", "namespace-without-network-policy"} {
			if !slices.Contains(podChecks, id) {
				t.Errorf("%s is not reported as not evaluated on Pods (not evaluated: %v)", id, podChecks)
			}
		}
		if !strings.Contains(r.stderr, "level=WARN") || !strings.Contains(r.stderr, `could not list pods in namespace \"shop\"`) {
			t.Errorf("stderr does not warn about the unlisted kinds:\n%s", r.stderr)
		}
		// The baseline control with the privileged Deployment fails; the
		// others, whose checks could not see Pods, are not evaluated.
		for _, c := range rep.Compliance[0].Controls {
			switch {
			case c.Status == "pass":
				t.Errorf("control %s passes although its checks could not list pods", c.ID)
			case c.Status == "not-evaluated" && c.Reason != "" && !strings.Contains(c.Reason, podReason) && !strings.Contains(c.Reason, "no kubeward check"):
				t.Errorf("control %s not evaluated for another reason: %s", c.ID, c.Reason)
			}
		}

		r = run(t, "", kubeward, append(args, "--fail-on-incomplete")...)
		wantCode(t, r, 1)
		if !strings.Contains(r.stderr, "--fail-on-incomplete: ") || !strings.Contains(r.stderr, "could not be listed, so the checks on them were not evaluated") {
			t.Errorf("stderr:\n%s", r.stderr)
		}
	})

	t.Run("usage", func(t *testing.T) {
		r := run(t, "", kubeward, "scan", "--cluster", "--kubeconfig", admin, "examples/insecure")
		wantCode(t, r, 2)
		r = run(t, "", kubeward, "scan", "--cluster", "--kubeconfig", filepath.Join(t.TempDir(), "missing"))
		wantCode(t, r, 2)
		if !strings.Contains(r.stderr, "load kubeconfig") {
			t.Errorf("stderr:\n%s", r.stderr)
		}
	})
}

type findingT = struct {
	Check, Status, Message, Path string
	Object                       struct{ APIVersion, Kind, Namespace, Name, Cluster, ResourceVersion string }
	Location                     struct {
		File, Object string
	}
}

func decodeCluster(t *testing.T, r result) clusterReport {
	t.Helper()
	var rep clusterReport
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("%v\nstdout:\n%s\nstderr:\n%s", err, r.stdout, r.stderr)
	}
	return rep
}

func findingOf(t *testing.T, rep clusterReport, check string) findingT {
	t.Helper()
	for _, f := range rep.Findings {
		if f.Check == check && f.Status != "not-evaluated" {
			return f
		}
	}
	t.Fatalf("no %s finding in %+v", check, rep.Findings)
	return findingT{}
}

// seedShop makes the namespace with a privileged Deployment, and lets
// user list Deployments there and nothing else.
func seedShop(t *testing.T, cs kubernetes.Interface, ns, user string) {
	t.Helper()
	ctx := context.Background()
	must := func(_ any, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(cs.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: ns}}, metav1.CreateOptions{}))
	must(cs.CoreV1().ServiceAccounts(ns).Create(ctx, &corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Name: "default"}}, metav1.CreateOptions{}))
	privileged := true
	labels := map[string]string{"app": "web"}
	must(cs.AppsV1().Deployments(ns).Create(ctx, &appsv1.Deployment{ObjectMeta: metav1.ObjectMeta{Name: "web"},
		Spec: appsv1.DeploymentSpec{Selector: &metav1.LabelSelector{MatchLabels: labels},
			Template: corev1.PodTemplateSpec{ObjectMeta: metav1.ObjectMeta{Labels: labels}, Spec: corev1.PodSpec{
				Containers: []corev1.Container{{Name: "app", Image: "nginx:1.27", SecurityContext: &corev1.SecurityContext{Privileged: &privileged}}}}}}},
		metav1.CreateOptions{}))
	must(cs.RbacV1().Roles(ns).Create(ctx, &rbacv1.Role{ObjectMeta: metav1.ObjectMeta{Name: "list-deployments"},
		Rules: []rbacv1.PolicyRule{{APIGroups: []string{"apps"}, Resources: []string{"deployments"}, Verbs: []string{"list"}}}}, metav1.CreateOptions{}))
	must(cs.RbacV1().RoleBindings(ns).Create(ctx, &rbacv1.RoleBinding{ObjectMeta: metav1.ObjectMeta{Name: "list-deployments"},
		RoleRef:  rbacv1.RoleRef{APIGroup: rbacv1.GroupName, Kind: "Role", Name: "list-deployments"},
		Subjects: []rbacv1.Subject{{Kind: rbacv1.UserKind, APIGroup: rbacv1.GroupName, Name: user}}}, metav1.CreateOptions{}))
}

// writeKubeconfig writes a kubeconfig whose only context is cfg, named name.
func writeKubeconfig(t *testing.T, cfg *rest.Config, name string) string {
	t.Helper()
	kc := clientcmdapi.NewConfig()
	kc.Clusters[name] = &clientcmdapi.Cluster{Server: cfg.Host, CertificateAuthorityData: cfg.CAData}
	kc.AuthInfos[name] = &clientcmdapi.AuthInfo{ClientCertificateData: cfg.CertData, ClientKeyData: cfg.KeyData}
	kc.Contexts[name] = &clientcmdapi.Context{Cluster: name, AuthInfo: name}
	kc.CurrentContext = name
	path := filepath.Join(t.TempDir(), "kubeconfig")
	if err := clientcmd.WriteToFile(*kc, path); err != nil {
		t.Fatal(err)
	}
	return path
}
