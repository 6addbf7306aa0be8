package scan_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/checks"
	"github.com/kubeward/kubeward/internal/cluster"
	"github.com/kubeward/kubeward/internal/kube"
	"github.com/kubeward/kubeward/internal/scan"
	"github.com/kubeward/kubeward/internal/source"
	"github.com/kubeward/kubeward/internal/testcluster"
)

// readObjects parses every object of a manifest file, whatever its kind.
func readObjects(t *testing.T, file string) []*kube.Object {
	t.Helper()
	inputs, errs := source.Discover([]string{file})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	opts := source.Options{Wants: func(string, string) bool { return true }}
	var out []*kube.Object
	for _, in := range inputs {
		errs := in.Read(opts, func(d *source.Document) {
			objs, perrs := source.Parse(d, 4*opts.MaxSize())
			if len(perrs) > 0 {
				t.Fatal(perrs)
			}
			out = append(out, objs...)
		})
		if len(errs) > 0 {
			t.Fatal(errs)
		}
	}
	return out
}

// apply creates the objects through the API, as `kubectl create` would:
// namespaces first, then each namespace's default ServiceAccount (no
// controller-manager makes it), then the rest.
func apply(t *testing.T, tc *testcluster.Cluster, objs []*kube.Object, namespaces ...string) {
	t.Helper()
	ctx := context.Background()
	cs := tc.AdminClient()
	c, err := cluster.NewClient(tc.AdminConfig(), "admin", cluster.Options{})
	if err != nil {
		t.Fatal(err)
	}
	resources, err := c.Resources(ctx, func(string, string) bool { return true })
	if err != nil {
		t.Fatal(err)
	}
	byKind := map[string]cluster.Resource{}
	for _, r := range resources {
		byKind[r.Kind] = r
	}
	create := func(o *kube.Object) {
		r, ok := byKind[o.Kind]
		if !ok {
			t.Fatalf("the server serves no %s", o.Kind)
		}
		if _, err := cs.Discovery().RESTClient().Post().AbsPath(r.Path(o.Namespace)).Body(o.JSON).DoRaw(ctx); err != nil {
			t.Fatalf("create %s: %v", o.Ref, err)
		}
	}
	for _, ns := range namespaces {
		if !containsRef(objs, "Namespace", "", ns) {
			if _, err := cs.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: ns}}, metav1.CreateOptions{}); err != nil {
				t.Fatal(err)
			}
		}
		t.Cleanup(func() { _ = cs.CoreV1().Namespaces().Delete(context.Background(), ns, metav1.DeleteOptions{}) })
	}
	for _, o := range objs {
		if o.Kind == "Namespace" {
			create(o)
		}
	}
	for _, ns := range namespaces {
		sa := &corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Name: "default"}}
		if _, err := cs.CoreV1().ServiceAccounts(ns).Create(ctx, sa, metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	for _, o := range objs {
		if o.Kind != "Namespace" {
			create(o)
		}
	}
}

func containsRef(objs []*kube.Object, kind, ns, name string) bool {
	for _, o := range objs {
		if o.Kind == kind && o.Namespace == ns && o.Name == name {
			return true
		}
	}
	return false
}

// renamed copies an examples/ manifest into dir with its namespace
// "billing" renamed, so that tests running side by side do not collide.
func renamed(t *testing.T, example, dir, ns string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "examples", example, "app.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	s := strings.ReplaceAll(string(data), "namespace: billing", "namespace: "+ns)
	s = strings.Replace(s, "kind: Namespace\nmetadata:\n  name: billing", "kind: Namespace\nmetadata:\n  name: "+ns, 1)
	file := filepath.Join(dir, example+".yaml")
	if err := os.WriteFile(file, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	return file
}

// scanCluster scans the cluster with every built-in check, as the
// given configuration, in ns ("" for all namespaces).
func scanCluster(t testing.TB, cfg *restConfig, ns string) *scan.Result {
	t.Helper()
	c, err := cluster.NewClient(cfg, "test", cluster.Options{})
	if err != nil {
		t.Fatal(err)
	}
	engine := check.NewEngine(checks.All(), check.Options{})
	res, err := scan.RunStream(context.Background(), scan.Config{Engine: engine}, scan.ClusterStream(c, ns, engine.Wants))
	if err != nil {
		t.Fatal(err)
	}
	return res
}
