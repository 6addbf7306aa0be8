package admission_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/dynamic"

	"github.com/kubeward/kubeward/internal/admission"
	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/checks"
	"github.com/kubeward/kubeward/internal/exception"
	"github.com/kubeward/kubeward/internal/kube"
	"github.com/kubeward/kubeward/internal/scan"
	"github.com/kubeward/kubeward/internal/testcluster"
)

func manifestOptions() admission.ManifestOptions {
	return admission.ManifestOptions{Namespace: "kubeward", Image: "ghcr.io/kubeward/kubeward:v1.0.0", Replicas: 2,
		FailurePolicy: "Fail", TimeoutSeconds: 5}
}

// scanManifest runs every built-in check, analyzers included, over a
// manifest as `kubeward scan` would.
func scanManifest(t *testing.T, manifest []byte) *scan.Result {
	t.Helper()
	path := filepath.Join(t.TempDir(), "admission.yaml")
	if err := os.WriteFile(path, manifest, 0o644); err != nil {
		t.Fatal(err)
	}
	return scan.Run(t.Context(), scan.Config{Paths: []string{path},
		Engine: check.NewEngine(checks.All(), check.Options{}), Exceptions: exception.New(nil, false, time.Now())})
}

func TestManifestPassesOwnChecks(t *testing.T) {
	for _, tc := range []struct {
		name       string
		opts       func(*admission.ManifestOptions)
		objects    int
		suppressed []string
	}{
		{"tag image with cert-manager", func(*admission.ManifestOptions) {}, 11, []string{"image-not-pinned-by-digest"}},
		{"digest image with CA bundle", func(o *admission.ManifestOptions) {
			o.Image = "ghcr.io/kubeward/kubeward@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
			o.CABundle = []byte("-----BEGIN CERTIFICATE-----\n...\n")
			o.Args = []string{"--enforce=critical"}
		}, 9, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := manifestOptions()
			tc.opts(&o)
			out, err := admission.Manifest(o)
			if err != nil {
				t.Fatal(err)
			}
			res := scanManifest(t, out)
			if len(res.Findings) != 0 || len(res.Errors) != 0 {
				t.Errorf("findings %+v\nerrors %+v", res.Findings, res.Errors)
			}
			var suppressed []string
			for _, f := range res.Suppressed {
				suppressed = append(suppressed, f.Check)
			}
			if !slices.Equal(suppressed, tc.suppressed) || res.Objects != tc.objects {
				t.Errorf("%d objects, suppressed %v; want %d, %v", res.Objects, suppressed, tc.objects, tc.suppressed)
			}
		})
	}
}

// The manifest's objects are accepted by the real API server (dry run,
// in a namespace of its own), with the webhook configuration's fields as
// documented.
func TestManifestAppliesToAPIServer(t *testing.T) {
	t.Parallel()
	c := testcluster.Get(t)
	ns := namespace(t, c) // the manifest's Namespace object is dry-run only
	o := manifestOptions()
	o.Namespace = ns
	o.CABundle = c.CAPEM()
	out, err := admission.Manifest(o)
	if err != nil {
		t.Fatal(err)
	}
	dyn := dynamic.NewForConfigOrDie(c.AdminConfig())
	dec := yaml.NewDecoder(bytes.NewReader(out))
	var kinds []string
	for {
		var doc map[string]any
		if err := dec.Decode(&doc); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		u := &unstructured.Unstructured{Object: doc}
		gvk := u.GroupVersionKind()
		kinds = append(kinds, gvk.Kind)
		res := dyn.Resource(gvr(t, gvk))
		var ri dynamic.ResourceInterface = res
		if u.GetNamespace() != "" {
			ri = res.Namespace(u.GetNamespace())
		}
		_, err := ri.Create(context.Background(), u, metav1.CreateOptions{DryRun: []string{metav1.DryRunAll}})
		if gvk.Kind == "Namespace" && apierrors.IsAlreadyExists(err) {
			err = nil // made above, for the namespaced objects' dry runs
		}
		if err != nil {
			t.Errorf("%s %s: %v", gvk.Kind, u.GetName(), err)
		}
		if gvk.Kind == "ValidatingWebhookConfiguration" {
			hook := u.Object["webhooks"].([]any)[0].(map[string]any)
			want := map[string]any{"matchPolicy": "Equivalent", "sideEffects": "None", "failurePolicy": "Fail", "timeoutSeconds": 5,
				"admissionReviewVersions": []any{"v1"}}
			for k, v := range want {
				if !reflect.DeepEqual(hook[k], v) {
					t.Errorf("webhook %s = %v, want %v", k, hook[k], v)
				}
			}
		}
	}
	want := []string{"Namespace", "ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Service", "Deployment",
		"PodDisruptionBudget", "NetworkPolicy", "ValidatingWebhookConfiguration"}
	if !slices.Equal(kinds, want) {
		t.Errorf("kinds %v, want %v", kinds, want)
	}
}

func gvr(t *testing.T, gvk schema.GroupVersionKind) schema.GroupVersionResource {
	resources := map[string]string{"Namespace": "namespaces", "ServiceAccount": "serviceaccounts", "ClusterRole": "clusterroles",
		"ClusterRoleBinding": "clusterrolebindings", "Service": "services", "Deployment": "deployments",
		"PodDisruptionBudget": "poddisruptionbudgets", "NetworkPolicy": "networkpolicies",
		"ValidatingWebhookConfiguration": "validatingwebhookconfigurations"}
	r, ok := resources[gvk.Kind]
	if !ok {
		t.Fatalf("no resource for %s", gvk)
	}
	return gvk.GroupVersion().WithResource(r)
}

// Every kind a check looks at is matched by the webhook, except webhook
// configurations, which the API server never sends to webhooks.
func TestManifestMatchesEveryCheckedKind(t *testing.T) {
	resources := map[string]string{
		"Pod": "pods", "ReplicationController": "replicationcontrollers", "PodTemplate": "podtemplates", "Service": "services",
		"ConfigMap": "configmaps", "Secret": "secrets", "ServiceAccount": "serviceaccounts", "Namespace": "namespaces",
		"Deployment": "deployments", "StatefulSet": "statefulsets", "DaemonSet": "daemonsets", "ReplicaSet": "replicasets",
		"Job": "jobs", "CronJob": "cronjobs", "Role": "roles", "ClusterRole": "clusterroles", "RoleBinding": "rolebindings",
		"ClusterRoleBinding": "clusterrolebindings", "Ingress": "ingresses", "NetworkPolicy": "networkpolicies",
		"PodDisruptionBudget": "poddisruptionbudgets",
	}
	out, err := admission.Manifest(manifestOptions())
	if err != nil {
		t.Fatal(err)
	}
	matched := map[string]bool{}
	dec := yaml.NewDecoder(bytes.NewReader(out))
	for {
		var doc struct {
			Kind     string
			Webhooks []struct {
				Rules []struct{ Resources []string }
			}
		}
		if err := dec.Decode(&doc); err != nil {
			break
		}
		for _, w := range doc.Webhooks {
			for _, r := range w.Rules {
				for _, res := range r.Resources {
					matched[res] = true
				}
			}
		}
	}
	engine := check.NewEngine(admission.Runners(checks.All()), check.Options{})
	// The metadata view is made from the kinds of every other view.
	kinds, _, _ := kube.ViewKinds(reflect.TypeFor[*metav1.ObjectMeta]())
	if len(kinds) < 20 {
		t.Fatalf("only %d kinds: %v", len(kinds), kinds)
	}
	for _, kind := range kinds {
		if kind == "ValidatingWebhookConfiguration" || kind == "MutatingWebhookConfiguration" || !engine.Wants("v1", kind) {
			continue
		}
		if r, ok := resources[kind]; !ok || !matched[r] {
			t.Errorf("checks look at %s but the webhook does not match it", kind)
		}
	}
}
