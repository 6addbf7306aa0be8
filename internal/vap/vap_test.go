package vap_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	admissionv1 "k8s.io/api/admissionregistration/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"sigs.k8s.io/yaml"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/checks"
	"github.com/kubeward/kubeward/internal/kube"
	"github.com/kubeward/kubeward/internal/source"
	"github.com/kubeward/kubeward/internal/testcluster"
	"github.com/kubeward/kubeward/internal/vap"
)

// apply creates every object of a generated YAML stream.
func apply(t *testing.T, cs kubernetes.Interface, stream []byte) (policies int) {
	t.Helper()
	ctx := context.Background()
	for _, doc := range bytes.Split(stream, []byte("\n---\n")) {
		var head metav1.TypeMeta
		if err := yaml.Unmarshal(doc, &head); err != nil {
			t.Fatal(err)
		}
		switch head.Kind {
		case "ValidatingAdmissionPolicy":
			var p admissionv1.ValidatingAdmissionPolicy
			if err := yaml.UnmarshalStrict(doc, &p); err != nil {
				t.Fatal(err)
			}
			if _, err := cs.AdmissionregistrationV1().ValidatingAdmissionPolicies().Create(ctx, &p, metav1.CreateOptions{}); err != nil {
				t.Fatalf("create policy %s: %v", p.Name, err)
			}
			policies++
			t.Cleanup(func() {
				_ = cs.AdmissionregistrationV1().ValidatingAdmissionPolicies().Delete(context.Background(), p.Name, metav1.DeleteOptions{})
			})
		case "ValidatingAdmissionPolicyBinding":
			var b admissionv1.ValidatingAdmissionPolicyBinding
			if err := yaml.UnmarshalStrict(doc, &b); err != nil {
				t.Fatal(err)
			}
			if _, err := cs.AdmissionregistrationV1().ValidatingAdmissionPolicyBindings().Create(ctx, &b, metav1.CreateOptions{}); err != nil {
				t.Fatalf("create binding %s: %v", b.Name, err)
			}
			t.Cleanup(func() {
				_ = cs.AdmissionregistrationV1().ValidatingAdmissionPolicyBindings().Delete(context.Background(), b.Name, metav1.DeleteOptions{})
			})
		case "":
			// the comment header
		default:
			t.Fatalf("unexpected kind %q in the stream", head.Kind)
		}
	}
	return policies
}

// labelNamespace puts the label the bindings select on a test namespace.
func labelNamespace(t *testing.T, cs kubernetes.Interface, ns, key, value string) {
	t.Helper()
	patch := fmt.Sprintf(`{"metadata":{"labels":{%q:%q}}}`, key, value)
	if _, err := cs.CoreV1().Namespaces().Patch(context.Background(), ns, "application/merge-patch+json", []byte(patch), metav1.PatchOptions{}); err != nil {
		t.Fatal(err)
	}
}

func pod(name string, spec corev1.PodSpec) *corev1.Pod {
	return &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: name}, Spec: spec}
}

// waitEnforced dry-runs a pod until the API server rejects it: policies
// and bindings take effect a moment after they are stored.
func waitEnforced(t *testing.T, cs kubernetes.Interface, ns string, p *corev1.Pod) error {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		_, err := cs.CoreV1().Pods(ns).Create(context.Background(), p, metav1.CreateOptions{DryRun: []string{metav1.DryRunAll}})
		if err != nil || time.Now().After(deadline) {
			return err
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func boolPtr(b bool) *bool { return &b }

// TestGeneratedPoliciesEnforced applies what `kubeward admission vap`
// prints, bound to one test namespace by label, and has the real API
// server reject violating Pods with each policy's message and admit a
// compliant one.
func TestGeneratedPoliciesEnforced(t *testing.T) {
	c := testcluster.Get(t)
	cs := c.AdminClient()
	ns := c.Namespace(t)
	const label = "kubeward.dev/vap-test"
	stream, unsupported, err := vap.Generate(checks.All(), vap.Options{
		NamespaceSelector: &metav1.LabelSelector{MatchLabels: map[string]string{label: "enforced"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if n := apply(t, cs, stream); n != len(vap.Rules) {
		t.Fatalf("%d policies applied, want %d", n, len(vap.Rules))
	}
	if len(unsupported) != len(checks.All())-len(vap.Rules) {
		t.Errorf("%d unsupported checks listed, want %d", len(unsupported), len(checks.All())-len(vap.Rules))
	}
	labelNamespace(t, cs, ns, label, "enforced")

	app := func(sc *corev1.SecurityContext) corev1.Container {
		return corev1.Container{Name: "app", Image: "registry.example.com/app:1", SecurityContext: sc}
	}
	hardened := &corev1.SecurityContext{AllowPrivilegeEscalation: boolPtr(false)}
	privileged := pod("privileged", corev1.PodSpec{Containers: []corev1.Container{
		app(&corev1.SecurityContext{Privileged: boolPtr(true), AllowPrivilegeEscalation: boolPtr(true)})}})
	if err := waitEnforced(t, cs, ns, privileged); err == nil {
		t.Fatal("the privileged pod is still admitted after 30s")
	}

	for _, tc := range []struct {
		pod  *corev1.Pod
		want string
		// also is another policy's answer the API server may give
		// instead: a privileged container cannot disable privilege
		// escalation, so that pod violates both policies.
		also string
	}{
		{pod("priv", corev1.PodSpec{Containers: []corev1.Container{app(&corev1.SecurityContext{Privileged: boolPtr(true), AllowPrivilegeEscalation: boolPtr(true)})}}),
			`pods "priv" is forbidden: ValidatingAdmissionPolicy 'kubeward-privileged-container' with binding 'kubeward-privileged-container' denied request: privileged-container: containers run privileged: app`,
			`pods "priv" is forbidden: ValidatingAdmissionPolicy 'kubeward-privilege-escalation' with binding 'kubeward-privilege-escalation' denied request: privilege-escalation: containers do not set allowPrivilegeEscalation=false: app`},
		{pod("hostns", corev1.PodSpec{HostPID: true, HostIPC: true, Containers: []corev1.Container{app(hardened)}}),
			`pods "hostns" is forbidden: ValidatingAdmissionPolicy 'kubeward-host-namespaces' with binding 'kubeward-host-namespaces' denied request: host-namespaces: pod shares host namespaces: hostPID, hostIPC`, ""},
		{pod("hostpath", corev1.PodSpec{Containers: []corev1.Container{app(hardened)}, Volumes: []corev1.Volume{
			{Name: "data", VolumeSource: corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{}}},
			{Name: "root", VolumeSource: corev1.VolumeSource{HostPath: &corev1.HostPathVolumeSource{Path: "/"}}}}}),
			`pods "hostpath" is forbidden: ValidatingAdmissionPolicy 'kubeward-host-path-volume' with binding 'kubeward-host-path-volume' denied request: host-path-volume: volumes mount host paths: root (/)`, ""},
		{pod("hostport", corev1.PodSpec{Containers: []corev1.Container{{Name: "web", Image: "registry.example.com/web:1",
			SecurityContext: hardened, Ports: []corev1.ContainerPort{{ContainerPort: 8080, HostPort: 8080}}}}}),
			`pods "hostport" is forbidden: ValidatingAdmissionPolicy 'kubeward-host-ports' with binding 'kubeward-host-ports' denied request: host-ports: containers bind host ports: web`, ""},
		{pod("unconfined", corev1.PodSpec{Containers: []corev1.Container{app(hardened)}, SecurityContext: &corev1.PodSecurityContext{
			SeccompProfile: &corev1.SeccompProfile{Type: corev1.SeccompProfileTypeUnconfined}}}),
			`pods "unconfined" is forbidden: ValidatingAdmissionPolicy 'kubeward-seccomp-baseline' with binding 'kubeward-seccomp-baseline' denied request: seccomp-baseline: seccomp profile is not RuntimeDefault or Localhost on: the pod`, ""},
		{pod("escalate", corev1.PodSpec{InitContainers: []corev1.Container{{Name: "init", Image: "registry.example.com/init:1"}}, Containers: []corev1.Container{app(hardened)}}),
			`pods "escalate" is forbidden: ValidatingAdmissionPolicy 'kubeward-privilege-escalation' with binding 'kubeward-privilege-escalation' denied request: privilege-escalation: containers do not set allowPrivilegeEscalation=false: init`, ""},
	} {
		// The API server loads each policy and binding on its own: one
		// being enforced does not mean the next one is yet.
		waitEnforced(t, cs, ns, tc.pod)
		_, err := cs.CoreV1().Pods(ns).Create(context.Background(), tc.pod, metav1.CreateOptions{})
		if !apierrors.IsForbidden(err) || (err.Error() != tc.want && (tc.also == "" || err.Error() != tc.also)) {
			t.Errorf("create %s: %v\nwant %s", tc.pod.Name, err, tc.want)
		}
	}
	ok := pod("ok", corev1.PodSpec{Containers: []corev1.Container{app(hardened)}})
	if _, err := cs.CoreV1().Pods(ns).Create(context.Background(), ok, metav1.CreateOptions{}); err != nil {
		t.Errorf("compliant pod rejected: %v", err)
	}
	// Namespaces without the label are not bound.
	other := c.Namespace(t)
	if _, err := cs.CoreV1().Pods(other).Create(context.Background(), privileged, metav1.CreateOptions{DryRun: []string{metav1.DryRunAll}}); err != nil {
		t.Errorf("privileged pod rejected in an unbound namespace: %v", err)
	}
}

// jsonOf is a pod's JSON as the built-in checks read it.
func jsonOf(t *testing.T, p *corev1.Pod) []byte {
	t.Helper()
	p.TypeMeta = metav1.TypeMeta{APIVersion: "v1", Kind: "Pod"}
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestAgreesWithChecks holds each generated policy to its built-in check:
// every pod spec of the pod-security testdata, as a Pod, is dry-run created
// in a namespace where only that policy is bound, and the API server must
// reject it exactly when the check reports a finding on the same Pod.
// Ephemeral containers are dropped: a Pod cannot be created with them.
func TestAgreesWithChecks(t *testing.T) {
	c := testcluster.Get(t)
	cs := c.AdminClient()
	ctx := context.Background()
	files, err := filepath.Glob("../checks/podsecurity/testdata/*.yaml")
	if err != nil || len(files) < 10 {
		t.Fatalf("testdata: %v, %d files", err, len(files))
	}
	var specs []corev1.PodSpec
	for _, f := range files {
		in := source.Input{Path: f, Kind: source.FileInput}
		in.Read(source.Options{}, func(d *source.Document) {
			objs, _ := source.Parse(d, source.DefaultMaxDocumentSize)
			for _, o := range objs {
				if w, err := o.Workload(); err == nil && w != nil {
					s := *w.Spec.DeepCopy()
					s.EphemeralContainers = nil
					specs = append(specs, s)
				}
			}
		})
	}
	runners := map[string]check.Runner{}
	for _, r := range checks.All() {
		runners[r.Info().ID] = r
	}
	for _, rule := range vap.Rules {
		t.Run(rule.Check, func(t *testing.T) {
			ns := c.Namespace(t)
			const label = "kubeward.dev/vap-agree"
			// Names of their own: the other test's policies of the same checks
			// may still be leaving the API server's caches.
			pol := vap.Policy(rule)
			pol.Name += "-agree"
			b := vap.Binding(rule, &metav1.LabelSelector{MatchLabels: map[string]string{label: rule.Check}}, admissionv1.Deny)
			b.Name, b.Spec.PolicyName = pol.Name, pol.Name
			if _, err := cs.AdmissionregistrationV1().ValidatingAdmissionPolicies().Create(ctx, pol, metav1.CreateOptions{}); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() {
				_ = cs.AdmissionregistrationV1().ValidatingAdmissionPolicies().Delete(context.Background(), pol.Name, metav1.DeleteOptions{})
			})
			if _, err := cs.AdmissionregistrationV1().ValidatingAdmissionPolicyBindings().Create(ctx, b, metav1.CreateOptions{}); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() {
				_ = cs.AdmissionregistrationV1().ValidatingAdmissionPolicyBindings().Delete(context.Background(), b.Name, metav1.DeleteOptions{})
			})
			labelNamespace(t, cs, ns, label, rule.Check)
			engine := check.NewEngine([]check.Runner{runners[rule.Check]}, check.Options{})
			// The check's verdicts first, so that the policy is known to be
			// in force before any pod is judged.
			pods := make([]*corev1.Pod, len(specs))
			findings := make([]int, len(specs))
			var probe *corev1.Pod
			for i, spec := range specs {
				pods[i] = pod(fmt.Sprintf("fixture-%d", i), spec)
				o, err := kube.NewObject(jsonOf(t, pods[i]), nil, kube.Location{}, 0, 0)
				if err != nil {
					t.Fatal(err)
				}
				fs, err := engine.Evaluate(o)
				if err != nil {
					t.Fatal(err)
				}
				findings[i] = len(fs)
				if len(fs) > 0 && probe == nil {
					probe = pods[i]
				}
			}
			if probe == nil {
				t.Fatal("no fixture fails the check")
			}
			if err := waitEnforced(t, cs, ns, probe); err == nil {
				t.Fatal("policy not enforced after 30s")
			}
			var judged, rejected, invalid int
			for i, p := range pods {
				_, err := cs.CoreV1().Pods(ns).Create(ctx, p, metav1.CreateOptions{DryRun: []string{metav1.DryRunAll}})
				switch {
				case apierrors.IsInvalid(err):
					invalid++ // the API server refuses the fixture before admission: no verdict
					continue
				case err != nil && !strings.Contains(err.Error(), "ValidatingAdmissionPolicy '"+pol.Name+"'"):
					t.Fatalf("fixture %d: %v", i, err)
				}
				judged++
				if err != nil {
					rejected++
				}
				if (err != nil) != (findings[i] > 0) {
					t.Errorf("fixture %d: check reports %d findings, API server says %v\nspec: %s", i, findings[i], err, jsonOf(t, p))
				}
			}
			t.Logf("%d pod specs judged (%d rejected), %d refused by API validation", judged, rejected, invalid)
			if rejected == 0 || judged-rejected == 0 || judged < len(specs)/2 {
				t.Errorf("too few fixtures to agree on: %d judged, %d rejected, %d invalid", judged, rejected, invalid)
			}
		})
	}
}
