package controlplane_test

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kubeward/kubeward/internal/bench"
	"github.com/kubeward/kubeward/internal/cluster"
	"github.com/kubeward/kubeward/internal/controlplane"
	"github.com/kubeward/kubeward/internal/testcluster"
)

func TestMain(m *testing.M) { testcluster.Main(m) }

// hardenedAPIServer is the command line of a kubeadm API server with
// every CIS flag recommendation followed.
var hardenedAPIServer = []string{
	"kube-apiserver",
	"--advertise-address=10.0.0.10",
	"--allow-privileged=true",
	"--anonymous-auth=false",
	"--authorization-mode=Node,RBAC",
	"--client-ca-file=/etc/kubernetes/pki/ca.crt",
	"--enable-admission-plugins=NodeRestriction,EventRateLimit,AlwaysPullImages,DenyServiceExternalIPs",
	"--admission-control-config-file=/etc/kubernetes/admission.yaml",
	"--etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt",
	"--etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt",
	"--etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key",
	"--etcd-servers=https://127.0.0.1:2379",
	"--kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt",
	"--kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key",
	"--kubelet-certificate-authority=/etc/kubernetes/pki/ca.crt",
	"--profiling=false",
	"--audit-log-path=/var/log/kubernetes/audit.log",
	"--audit-log-maxage=30",
	"--audit-log-maxbackup=10",
	"--audit-log-maxsize=100",
	"--audit-policy-file=/etc/kubernetes/audit-policy.yaml",
	"--service-account-issuer=https://kubernetes.default.svc.cluster.local",
	"--service-account-key-file=/etc/kubernetes/pki/sa.pub",
	"--service-account-signing-key-file=/etc/kubernetes/pki/sa.key",
	"--service-account-lookup=true",
	"--service-account-extend-token-expiration=false",
	"--tls-cert-file=/etc/kubernetes/pki/apiserver.crt",
	"--tls-private-key-file=/etc/kubernetes/pki/apiserver.key",
	"--tls-cipher-suites=TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_AES_128_GCM_SHA256",
	"--encryption-provider-config=/etc/kubernetes/enc.yaml",
}

// insecureAPIServer is an API server at its defaults but for a few
// openly unsafe flags.
var insecureAPIServer = []string{"kube-apiserver", "--anonymous-auth=true", "--authorization-mode=AlwaysAllow",
	"--profiling=true", "--etcd-servers=http://127.0.0.1:2379"}

func scan(t *testing.T, c *testcluster.Cluster) []string {
	t.Helper()
	b, err := bench.Load("cis-1.12")
	if err != nil {
		t.Fatal(err)
	}
	cl, err := cluster.NewClient(c.AdminConfig(), "test", cluster.Options{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := controlplane.Scan(context.Background(), cl, b)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range res.Findings {
		out = append(out, fmt.Sprintf("%s %s %s %s: %s", f.Object, f.Check, f.Status, f.Path, f.Message))
	}
	sort.Strings(out)
	return out
}

func createMirrorPod(t *testing.T, c *testcluster.Cluster, name, component string, argv []string) {
	t.Helper()
	ctx := context.Background()
	cs := c.AdminClient()
	pod := &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: "kube-system",
			Labels: map[string]string{"component": component, "tier": "control-plane"}},
		Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: component,
			Image: "registry.k8s.io/" + component + ":v1.33.2", Command: argv}}},
	}
	if _, err := cs.CoreV1().Pods("kube-system").Create(ctx, pod, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cs.CoreV1().Pods("kube-system").Delete(context.Background(), name, *metav1.NewDeleteOptions(0))
	})
}

func ensureServiceAccount(t *testing.T, c *testcluster.Cluster) {
	t.Helper()
	// Without a controller manager nothing creates kube-system's default
	// ServiceAccount, which the ServiceAccount admission plugin looks up.
	sa := &corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Name: "default", Namespace: "kube-system"}}
	_, err := c.AdminClient().CoreV1().ServiceAccounts("kube-system").Create(context.Background(), sa, metav1.CreateOptions{})
	if err != nil && !apierrors.IsAlreadyExists(err) {
		t.Fatal(err)
	}
}

func compare(t *testing.T, phase string, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("%s: findings\n%s\nwant\n%s", phase, strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestMirrorPods scans the real apiserver's kube-system: first with no
// control-plane mirror pods (as under a managed control plane), where
// every component is reported not evaluated; then with a hardened and an
// insecure API server Pod labelled as kubeadm labels its mirror pods.
func TestMirrorPods(t *testing.T) {
	c := testcluster.Get(t)
	compare(t, "no mirror pods", scan(t, c), []string{
		`Pod/kube-system/etcd-* control-plane-flags not-evaluated : no mirror pod of etcd in kube-system (labels component=etcd, tier=control-plane): a control plane that does not run as static pods (managed, or run as processes) is not visible through the API; its 7 CIS flag checks (2.1 to 2.7) are not evaluated`,
		`Pod/kube-system/kube-apiserver-* control-plane-flags not-evaluated : no mirror pod of kube-apiserver in kube-system (labels component=kube-apiserver, tier=control-plane): a control plane that does not run as static pods (managed, or run as processes) is not visible through the API; its 30 CIS flag checks (1.2.1 to 3.2.1) are not evaluated`,
		`Pod/kube-system/kube-controller-manager-* control-plane-flags not-evaluated : no mirror pod of kube-controller-manager in kube-system (labels component=kube-controller-manager, tier=control-plane): a control plane that does not run as static pods (managed, or run as processes) is not visible through the API; its 7 CIS flag checks (1.3.1 to 1.3.7) are not evaluated`,
		`Pod/kube-system/kube-scheduler-* control-plane-flags not-evaluated : no mirror pod of kube-scheduler in kube-system (labels component=kube-scheduler, tier=control-plane): a control plane that does not run as static pods (managed, or run as processes) is not visible through the API; its 2 CIS flag checks (1.4.1, 1.4.2) are not evaluated`,
	})
	ensureServiceAccount(t, c)
	createMirrorPod(t, c, "kube-apiserver-cp-hard", "kube-apiserver", hardenedAPIServer)
	createMirrorPod(t, c, "kube-apiserver-cp-weak", "kube-apiserver", insecureAPIServer)
	// The hardened server passes every flag check (passes are no findings
	// in a scan) but for the encryption config, whose file is on the node.
	compare(t, "two API servers", scan(t, c), []string{
		`Pod/kube-system/etcd-* control-plane-flags not-evaluated : no mirror pod of etcd in kube-system (labels component=etcd, tier=control-plane): a control plane that does not run as static pods (managed, or run as processes) is not visible through the API; its 7 CIS flag checks (2.1 to 2.7) are not evaluated`,
		`Pod/kube-system/kube-apiserver-cp-hard cis-1.2.28 not-evaluated spec.containers[0].command: --encryption-provider-config names /etc/kubernetes/enc.yaml, which cannot be read from here`,
		`Pod/kube-system/kube-apiserver-cp-weak cis-1.2.1 warn spec.containers[0].command: --anonymous-auth is "true", want "false" (Pod kube-system/kube-apiserver-cp-weak)`,
		`Pod/kube-system/kube-apiserver-cp-weak cis-1.2.11 warn spec.containers[0].command: --enable-admission-plugins is not set`,
		`Pod/kube-system/kube-apiserver-cp-weak cis-1.2.14 fail spec.containers[0].command: --enable-admission-plugins is not set`,
		`Pod/kube-system/kube-apiserver-cp-weak cis-1.2.15 fail spec.containers[0].command: --profiling is "true", want "false" (Pod kube-system/kube-apiserver-cp-weak)`,
		`Pod/kube-system/kube-apiserver-cp-weak cis-1.2.16 fail spec.containers[0].command: --audit-log-path is not set`,
		`Pod/kube-system/kube-apiserver-cp-weak cis-1.2.17 fail spec.containers[0].command: --audit-log-maxage is 0, want at least 30 (default)`,
		`Pod/kube-system/kube-apiserver-cp-weak cis-1.2.18 fail spec.containers[0].command: --audit-log-maxbackup is 0, want at least 10 (default)`,
		`Pod/kube-system/kube-apiserver-cp-weak cis-1.2.19 fail spec.containers[0].command: --audit-log-maxsize is 0, want at least 100 (default)`,
		`Pod/kube-system/kube-apiserver-cp-weak cis-1.2.22 fail spec.containers[0].command: --service-account-key-file is not set`,
		`Pod/kube-system/kube-apiserver-cp-weak cis-1.2.23 fail spec.containers[0].command: --etcd-certfile is not set; --etcd-keyfile is not set`,
		`Pod/kube-system/kube-apiserver-cp-weak cis-1.2.24 fail spec.containers[0].command: --tls-cert-file is not set; --tls-private-key-file is not set`,
		`Pod/kube-system/kube-apiserver-cp-weak cis-1.2.25 fail spec.containers[0].command: --client-ca-file is not set`,
		`Pod/kube-system/kube-apiserver-cp-weak cis-1.2.26 fail spec.containers[0].command: --etcd-cafile is not set`,
		`Pod/kube-system/kube-apiserver-cp-weak cis-1.2.27 warn spec.containers[0].command: --encryption-provider-config is not set`,
		`Pod/kube-system/kube-apiserver-cp-weak cis-1.2.28 warn spec.containers[0].command: --encryption-provider-config is not set, so there is no file to check`,
		`Pod/kube-system/kube-apiserver-cp-weak cis-1.2.29 warn spec.containers[0].command: --tls-cipher-suites is not set`,
		`Pod/kube-system/kube-apiserver-cp-weak cis-1.2.3 warn spec.containers[0].command: --enable-admission-plugins is not set`,
		`Pod/kube-system/kube-apiserver-cp-weak cis-1.2.30 fail spec.containers[0].command: --service-account-extend-token-expiration is "true", want "false" (default)`,
		`Pod/kube-system/kube-apiserver-cp-weak cis-1.2.4 fail spec.containers[0].command: --kubelet-client-certificate is not set; --kubelet-client-key is not set`,
		`Pod/kube-system/kube-apiserver-cp-weak cis-1.2.5 fail spec.containers[0].command: --kubelet-certificate-authority is not set`,
		`Pod/kube-system/kube-apiserver-cp-weak cis-1.2.6 fail spec.containers[0].command: --authorization-mode is "AlwaysAllow", which includes AlwaysAllow (Pod kube-system/kube-apiserver-cp-weak)`,
		`Pod/kube-system/kube-apiserver-cp-weak cis-1.2.7 fail spec.containers[0].command: --authorization-mode is "AlwaysAllow", which does not include Node (Pod kube-system/kube-apiserver-cp-weak)`,
		`Pod/kube-system/kube-apiserver-cp-weak cis-1.2.8 fail spec.containers[0].command: --authorization-mode is "AlwaysAllow", which does not include RBAC (Pod kube-system/kube-apiserver-cp-weak)`,
		`Pod/kube-system/kube-apiserver-cp-weak cis-1.2.9 warn spec.containers[0].command: --enable-admission-plugins is not set`,
		`Pod/kube-system/kube-apiserver-cp-weak cis-3.2.1 warn spec.containers[0].command: --audit-policy-file is not set`,
		`Pod/kube-system/kube-controller-manager-* control-plane-flags not-evaluated : no mirror pod of kube-controller-manager in kube-system (labels component=kube-controller-manager, tier=control-plane): a control plane that does not run as static pods (managed, or run as processes) is not visible through the API; its 7 CIS flag checks (1.3.1 to 1.3.7) are not evaluated`,
		`Pod/kube-system/kube-scheduler-* control-plane-flags not-evaluated : no mirror pod of kube-scheduler in kube-system (labels component=kube-scheduler, tier=control-plane): a control plane that does not run as static pods (managed, or run as processes) is not visible through the API; its 2 CIS flag checks (1.4.1, 1.4.2) are not evaluated`,
	})
}

func TestMirrorPodNeedsBothLabels(t *testing.T) {
	pod := func(labels map[string]string) *corev1.Pod {
		return &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "p", Namespace: "kube-system", Labels: labels},
			Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "sidecar", Command: []string{"sh"}},
				{Name: "etcd", Command: []string{"etcd"}, Args: []string{"--client-cert-auth=true"}}}}}
	}
	if mp := controlplane.MirrorPod(pod(map[string]string{"component": "etcd"})); mp != nil {
		t.Errorf("a pod without tier=control-plane read as %+v", mp)
	}
	if mp := controlplane.MirrorPod(pod(map[string]string{"component": "coredns", "tier": "control-plane"})); mp != nil {
		t.Errorf("an unknown component read as %+v", mp)
	}
	mp := controlplane.MirrorPod(pod(map[string]string{"component": "etcd", "tier": "control-plane"}))
	if mp == nil || mp.Path != "spec.containers[1].command" || strings.Join(mp.Argv, " ") != "etcd --client-cert-auth=true" {
		t.Errorf("etcd mirror pod read as %+v", mp)
	}
}
