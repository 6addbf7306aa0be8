package audit

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	authenticationv1 "k8s.io/api/authentication/v1"
	certificatesv1 "k8s.io/api/certificates/v1"
	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/testcluster"
)

// TestMoreDetectorsOnRealAuditLog makes, through the real API server, one
// request for each remaining detector that fires without configuration,
// and checks the findings the audit log yields, exactly.
func TestMoreDetectorsOnRealAuditLog(t *testing.T) {
	c := testcluster.Get(t)
	ns := c.Namespace(t)
	testNamespaces.add(ns)
	ctx := t.Context()
	admin := c.AdminClient()
	must := func(_ any, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	// A secret read by a user who is not a Kubernetes component.
	must(admin.CoreV1().Secrets(ns).Create(ctx, &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Name: "db"}, StringData: map[string]string{"password": "x"}}, metav1.CreateOptions{}))
	must(admin.CoreV1().Secrets(ns).Get(ctx, "db", metav1.GetOptions{}))
	// A token minted for a service account.
	expiry := int64(600)
	must(admin.CoreV1().ServiceAccounts(ns).CreateToken(ctx, "default", &authenticationv1.TokenRequest{Spec: authenticationv1.TokenRequestSpec{ExpirationSeconds: &expiry}}, metav1.CreateOptions{}))
	// A role that may grant what its holder lacks.
	must(admin.RbacV1().Roles(ns).Create(ctx, &rbacv1.Role{ObjectMeta: metav1.ObjectMeta{Name: "granter"},
		Rules: []rbacv1.PolicyRule{{APIGroups: []string{"rbac.authorization.k8s.io"}, Resources: []string{"rolebindings"}, Verbs: []string{"create", "bind"}}}}, metav1.CreateOptions{}))
	// Impersonation of a group that may do everything.
	imp := rest.CopyConfig(c.AdminConfig())
	imp.Impersonate = rest.ImpersonationConfig{UserName: "bob-" + ns, Groups: []string{"system:masters"}}
	impc, err := kubernetes.NewForConfig(imp)
	if err != nil {
		t.Fatal(err)
	}
	must(impc.CoreV1().ConfigMaps(ns).List(ctx, metav1.ListOptions{}))
	// Events deleted.
	if err := admin.CoreV1().Events(ns).DeleteCollection(ctx, metav1.DeleteOptions{}, metav1.ListOptions{}); err != nil {
		t.Fatal(err)
	}
	// A port forward (the pod has no node, so it fails, audited).
	must(admin.CoreV1().Pods(ns).Create(ctx, &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "db"}, Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "db", Image: "registry.example/db:1"}}}}, metav1.CreateOptions{}))
	if err := admin.CoreV1().RESTClient().Post().Namespace(ns).Resource("pods").Name("db").SubResource("portforward").Param("ports", "5432").Do(ctx).Error(); err == nil {
		t.Fatal("port forward to a pod without a node succeeded")
	}
	// A certificate signing request.
	csrName := "csr-" + ns
	must(admin.CertificatesV1().CertificateSigningRequests().Create(ctx, &certificatesv1.CertificateSigningRequest{
		ObjectMeta: metav1.ObjectMeta{Name: csrName},
		Spec: certificatesv1.CertificateSigningRequestSpec{Request: testCSR(t), SignerName: "example.com/signer",
			Usages: []certificatesv1.KeyUsage{certificatesv1.UsageClientAuth}},
	}, metav1.CreateOptions{}))
	// A webhook configuration that matches nothing.
	whName := "wh-" + ns
	none := admissionregistrationv1.SideEffectClassNone
	url := "https://127.0.0.1:1/never"
	must(admin.AdmissionregistrationV1().ValidatingWebhookConfigurations().Create(ctx, &admissionregistrationv1.ValidatingWebhookConfiguration{
		ObjectMeta: metav1.ObjectMeta{Name: whName},
		Webhooks: []admissionregistrationv1.ValidatingWebhook{{Name: "never.kubeward.dev", SideEffects: &none, AdmissionReviewVersions: []string{"v1"},
			ClientConfig:      admissionregistrationv1.WebhookClientConfig{URL: &url},
			NamespaceSelector: &metav1.LabelSelector{MatchLabels: map[string]string{"kubeward.dev/never": ns}}}},
	}, metav1.CreateOptions{}))
	t.Cleanup(func() {
		admin.AdmissionregistrationV1().ValidatingWebhookConfigurations().Delete(t.Context(), whName, metav1.DeleteOptions{})
		admin.CertificatesV1().CertificateSigningRequests().Delete(t.Context(), csrName, metav1.DeleteOptions{})
	})

	a := testcluster.AdminUser
	want := []string{
		fmt.Sprintf(`audit-admission-config-change: user %q created validatingwebhookconfigurations %q from 127.0.0.1`, a, whName),
		fmt.Sprintf(`audit-certificate-signing: user %q created CertificateSigningRequest %q from 127.0.0.1`, a, csrName),
		fmt.Sprintf(`audit-events-deleted: user %q deleted all events in namespace %q from 127.0.0.1`, a, ns),
		fmt.Sprintf(`audit-impersonation: user %q acted as "bob-%s" (groups system:masters, system:authenticated): list configmaps in namespace %q`, a, ns, ns),
		fmt.Sprintf(`audit-pod-portforward: user %q requested a port forward to pod %q (ports 5432) from 127.0.0.1; answered 400`, a, ns+"/db"),
		fmt.Sprintf(`audit-powerful-role: user %q created Role %q whose rule 0 grants verb bind on resources rolebindings`, a, ns+"/granter"),
		fmt.Sprintf(`audit-secret-read: user %q read secrets %q from 127.0.0.1`, a, ns+"/db"),
		fmt.Sprintf(`audit-token-request: user %q requested a token for service account %q from 127.0.0.1`, a, ns+"/default"),
	}
	mine := func(fs []check.Finding) []string {
		var out []string
		for _, f := range fs {
			if strings.Contains(f.Message, ns) {
				out = append(out, f.Check+": "+f.Message)
			}
		}
		slices.Sort(out)
		return out
	}
	var got []string
	for deadline := time.Now().Add(15 * time.Second); ; time.Sleep(200 * time.Millisecond) {
		fs, _ := detectFile(t, c.AuditLogPath())
		if got = mine(fs); len(got) >= len(want) || time.Now().After(deadline) {
			break
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// testNamespaces are the namespaces the tests of this package made their
// requests in. Every finding on the shared cluster's log must be about
// one of them: the harness's own requests and the API server's
// bootstrapping must yield nothing.
var testNamespaces namespaceSet

type namespaceSet struct {
	mu  sync.Mutex
	nss []string
}

func (s *namespaceSet) add(ns string) { s.mu.Lock(); s.nss = append(s.nss, ns); s.mu.Unlock() }

func (s *namespaceSet) owns(msg string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.ContainsFunc(s.nss, func(ns string) bool { return strings.Contains(msg, ns) })
}
