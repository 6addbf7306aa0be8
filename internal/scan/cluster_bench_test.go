package scan_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/client-go/kubernetes"

	"github.com/kubeward/kubeward/internal/testcluster"
)

// Size of the benchmark cluster: 100 namespaces, each with 20 of each of
// five kinds, 10,000 objects in all.
const (
	benchNamespaces = 100
	benchPerKind    = 20
)

// BenchmarkClusterScan seeds the test apiserver with 10,000 objects
// (Deployments, Pods, Services, Roles and RoleBindings across 100
// namespaces) and times `kubeward scan --cluster` end to end: the built
// binary, run as a user would, writing the JSON report. It reports the
// binary's peak RSS (peak-rss-MB) and the objects scanned. The
// in-process sub-benchmark runs the same scan inside the test and reports
// the peak Go heap it sampled.
//
//	go test -run '^$' -bench ClusterScan -benchtime 3x ./internal/scan
func BenchmarkClusterScan(b *testing.B) {
	tc := testcluster.Get(b)
	seeded := seed(b, tc.AdminClient())
	bin := filepath.Join(b.TempDir(), "kubeward")
	if out, err := exec.Command("go", "build", "-o", bin, "../../cmd/kubeward").CombinedOutput(); err != nil {
		b.Fatalf("build kubeward: %v\n%s", err, out)
	}
	report := filepath.Join(b.TempDir(), "report.json")

	b.Run("cli", func(b *testing.B) {
		var rss int64
		var objects int
		for b.Loop() {
			cmd := exec.Command(bin, "scan", "--cluster", "--kubeconfig", tc.Kubeconfig(),
				"-o", "json", "--output-file", report, "--fail-on", "none")
			if out, err := cmd.CombinedOutput(); err != nil {
				b.Fatalf("kubeward scan --cluster: %v\n%s", err, out)
			}
			rss = max(rss, cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss) // KiB on Linux
			objects = reportObjects(b, report)
		}
		if objects < seeded {
			b.Fatalf("scanned %d objects, seeded %d", objects, seeded)
		}
		b.ReportMetric(float64(rss)/1024, "peak-rss-MB")
		b.ReportMetric(float64(objects), "objects")
	})

	b.Run("in-process", func(b *testing.B) {
		var peak atomic.Uint64
		stop := make(chan struct{})
		var sampler sync.WaitGroup
		sampler.Go(func() {
			var ms runtime.MemStats
			for {
				runtime.ReadMemStats(&ms)
				if ms.HeapAlloc > peak.Load() {
					peak.Store(ms.HeapAlloc)
				}
				select {
				case <-stop:
					return
				case <-time.After(20 * time.Millisecond):
				}
			}
		})
		var objects int
		for b.Loop() {
			res := scanCluster(b, tc.AdminConfig(), "")
			objects = res.Objects
		}
		close(stop)
		sampler.Wait()
		if objects < seeded {
			b.Fatalf("scanned %d objects, seeded %d", objects, seeded)
		}
		b.ReportMetric(float64(peak.Load())/(1<<20), "peak-heap-MB")
		b.ReportMetric(float64(objects), "objects")
	})
}

func reportObjects(b *testing.B, file string) int {
	data, err := os.ReadFile(file)
	if err != nil {
		b.Fatal(err)
	}
	var r struct {
		Summary struct{ Objects int }
	}
	if err := json.Unmarshal(data, &r); err != nil {
		b.Fatal(err)
	}
	return r.Summary.Objects
}

// seed creates the benchmark's objects with parallel requests and
// returns how many it made. Namespaces get a unique prefix, so a
// benchmark run twice against one cluster only adds to it.
func seed(b *testing.B, cs kubernetes.Interface) int {
	b.Helper()
	start := time.Now()
	ctx := context.Background()
	prefix := fmt.Sprintf("bench-%d", time.Now().UnixNano()%1_000_000)
	jobs := make(chan func() error, 256)
	var failed atomic.Value
	var workers sync.WaitGroup
	for range 32 {
		workers.Go(func() {
			for job := range jobs {
				if err := job(); err != nil {
					failed.CompareAndSwap(nil, err)
				}
			}
		})
	}
	var made atomic.Int64
	create := func(f func() error) {
		jobs <- func() error {
			err := f()
			if err == nil {
				made.Add(1)
			}
			return err
		}
	}
	var nss sync.WaitGroup
	for i := range benchNamespaces {
		ns := fmt.Sprintf("%s-%03d", prefix, i)
		nss.Go(func() {
			if _, err := cs.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: ns}}, metav1.CreateOptions{}); err != nil {
				failed.CompareAndSwap(nil, err)
				return
			}
			if _, err := cs.CoreV1().ServiceAccounts(ns).Create(ctx, &corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Name: "default"}}, metav1.CreateOptions{}); err != nil {
				failed.CompareAndSwap(nil, err)
			}
		})
	}
	nss.Wait()
	if err, _ := failed.Load().(error); err != nil {
		b.Fatal(err)
	}
	for i := range benchNamespaces {
		ns := fmt.Sprintf("%s-%03d", prefix, i)
		for j := range benchPerKind {
			name := fmt.Sprintf("app-%02d", j)
			labels := map[string]string{"app": name}
			create(func() error {
				_, err := cs.AppsV1().Deployments(ns).Create(ctx, benchDeployment(name, labels, j), metav1.CreateOptions{})
				return err
			})
			create(func() error {
				_, err := cs.CoreV1().Pods(ns).Create(ctx, &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: name, Labels: labels},
					Spec: benchPodSpec(j)}, metav1.CreateOptions{})
				return err
			})
			create(func() error {
				_, err := cs.CoreV1().Services(ns).Create(ctx, &corev1.Service{ObjectMeta: metav1.ObjectMeta{Name: name},
					Spec: corev1.ServiceSpec{ClusterIP: corev1.ClusterIPNone, Selector: labels, Ports: []corev1.ServicePort{{Port: 80, TargetPort: intstr.FromInt32(8080)}}}}, metav1.CreateOptions{})
				return err
			})
			create(func() error {
				_, err := cs.RbacV1().Roles(ns).Create(ctx, &rbacv1.Role{ObjectMeta: metav1.ObjectMeta{Name: name},
					Rules: []rbacv1.PolicyRule{{APIGroups: []string{""}, Resources: []string{"configmaps", "secrets"}, Verbs: []string{"get", "list"}}}}, metav1.CreateOptions{})
				return err
			})
			create(func() error {
				_, err := cs.RbacV1().RoleBindings(ns).Create(ctx, &rbacv1.RoleBinding{ObjectMeta: metav1.ObjectMeta{Name: name},
					RoleRef:  rbacv1.RoleRef{APIGroup: rbacv1.GroupName, Kind: "Role", Name: name},
					Subjects: []rbacv1.Subject{{Kind: rbacv1.ServiceAccountKind, Name: "default", Namespace: ns}}}, metav1.CreateOptions{})
				return err
			})
		}
	}
	close(jobs)
	workers.Wait()
	if err, _ := failed.Load().(error); err != nil {
		b.Fatal(err)
	}
	b.Logf("seeded %d objects in %d namespaces in %s", made.Load(), benchNamespaces, time.Since(start).Round(time.Millisecond))
	return int(made.Load())
}

func benchDeployment(name string, labels map[string]string, i int) *appsv1.Deployment {
	replicas := int32(1 + i%3)
	return &appsv1.Deployment{ObjectMeta: metav1.ObjectMeta{Name: name},
		Spec: appsv1.DeploymentSpec{Replicas: &replicas, Selector: &metav1.LabelSelector{MatchLabels: labels},
			Template: corev1.PodTemplateSpec{ObjectMeta: metav1.ObjectMeta{Labels: labels}, Spec: benchPodSpec(i)}}}
}

// Services are headless: the test apiserver's service range has room for
// 254 cluster IPs, and no check looks at the address.

// benchPodSpec varies between a hardened and a careless pod, so that the
// scan reports findings as on a real cluster.
func benchPodSpec(i int) corev1.PodSpec {
	privileged := i%4 == 0
	return corev1.PodSpec{Containers: []corev1.Container{{
		Name: "app", Image: fmt.Sprintf("registry.example.com/app:%d.0", i),
		Ports:           []corev1.ContainerPort{{ContainerPort: 8080}},
		Env:             []corev1.EnvVar{{Name: "MODE", Value: "prod"}},
		SecurityContext: &corev1.SecurityContext{Privileged: &privileged},
	}}}
}
