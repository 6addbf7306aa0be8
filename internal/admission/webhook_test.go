package admission_test

import (
	"crypto/rand"
	"slices"
	"strings"
	"testing"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kubeward/kubeward/internal/admission"
	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/testcluster"
)

// defaults are the flags' defaults: enforce high, warn medium, audit low.
func defaults() admission.Config {
	return admission.Config{Defaults: admission.Levels{
		Enforce: admission.Level{Min: check.High}, Warn: admission.Level{Min: check.Medium}, Audit: admission.Level{Min: check.Low}}}
}

const deniedPrefix = `admission webhook "validate.kubeward.dev" denied the request: `

const privilegedDenial = deniedPrefix + `kubeward: privileged-container (critical) at spec.containers[0].securityContext.privileged: ` +
	`container "app" runs privileged`

func TestPrivilegedPodDeniedHardenedAdmitted(t *testing.T) {
	t.Parallel()
	c := testcluster.Get(t)
	w := startWebhook(t, c, defaults())
	ns := namespace(t, c, register(t, c, w.URL, admissionregistrationv1.Fail))
	cs, warned := clientWithWarnings(t, c)

	_, err := cs.CoreV1().Pods(ns).Create(t.Context(), pod("privileged", privilegedSpec()), metav1.CreateOptions{})
	if err == nil || err.Error() != privilegedDenial {
		t.Fatalf("privileged pod: err = %v\nwant %s", err, privilegedDenial)
	}
	if !apierrors.IsForbidden(err) {
		t.Errorf("privileged pod: %v is not a 403", err)
	}
	if _, err := cs.CoreV1().Pods(ns).Create(t.Context(), pod("hardened", hardenedSpec()), metav1.CreateOptions{}); err != nil {
		t.Fatalf("hardened pod: %v", err)
	}
	if got := warned.take(); len(got) != 0 {
		t.Errorf("warnings %q, want none", got)
	}
}

func TestWarnModeFromNamespaceLabels(t *testing.T) {
	t.Parallel()
	c := testcluster.Get(t)
	w := startWebhook(t, c, defaults())
	ns := namespace(t, c, register(t, c, w.URL, admissionregistrationv1.Fail),
		map[string]string{admission.LabelEnforce: "none", admission.LabelWarn: "high"})
	cs, warned := clientWithWarnings(t, c)

	if _, err := cs.CoreV1().Pods(ns).Create(t.Context(), pod("privileged", privilegedSpec()), metav1.CreateOptions{}); err != nil {
		t.Fatalf("privileged pod in a warn-only namespace: %v", err)
	}
	want := []string{`kubeward: privileged-container (critical) at spec.containers[0].securityContext.privileged: container "app" runs privileged`}
	if got := warned.take(); !slices.Equal(got, want) {
		t.Errorf("warnings\n%q\nwant\n%q", got, want)
	}
}

func TestExemptNamespacePasses(t *testing.T) {
	t.Parallel()
	c := testcluster.Get(t)
	cs, warned := clientWithWarnings(t, c)
	exemptNS := "admission-exempt-" + strings.ToLower(rand.Text()[:8])
	cfg := defaults()
	cfg.Exempt.Namespaces = []string{exemptNS}
	w := startWebhook(t, c, cfg)
	scope := register(t, c, w.URL, admissionregistrationv1.Fail)
	namespaceNamed(t, c, exemptNS, scope)

	if _, err := cs.CoreV1().Pods(exemptNS).Create(t.Context(), pod("privileged", privilegedSpec()), metav1.CreateOptions{}); err != nil {
		t.Fatalf("privileged pod in an exempt namespace: %v", err)
	}
	if got := warned.take(); len(got) != 0 {
		t.Errorf("warnings %q, want none", got)
	}
	// Exempting one namespace exempts no other.
	other := namespace(t, c, scope)
	_, err := cs.CoreV1().Pods(other).Create(t.Context(), pod("privileged", privilegedSpec()), metav1.CreateOptions{})
	if err == nil || err.Error() != privilegedDenial {
		t.Fatalf("privileged pod elsewhere: err = %v\nwant %s", err, privilegedDenial)
	}
}

func TestDryRun(t *testing.T) {
	t.Parallel()
	c := testcluster.Get(t)
	w := startWebhook(t, c, defaults())
	ns := namespace(t, c, register(t, c, w.URL, admissionregistrationv1.Fail))
	cs := c.AdminClient()
	dry := metav1.CreateOptions{DryRun: []string{metav1.DryRunAll}}

	_, err := cs.CoreV1().Pods(ns).Create(t.Context(), pod("privileged", privilegedSpec()), dry)
	if err == nil || err.Error() != privilegedDenial {
		t.Fatalf("dry-run privileged pod: err = %v\nwant %s", err, privilegedDenial)
	}
	if _, err := cs.CoreV1().Pods(ns).Create(t.Context(), pod("hardened", hardenedSpec()), dry); err != nil {
		t.Fatalf("dry-run hardened pod: %v", err)
	}
	if _, err := cs.CoreV1().Pods(ns).Get(t.Context(), "hardened", metav1.GetOptions{}); !apierrors.IsNotFound(err) {
		t.Errorf("dry-run pod stored: get err = %v", err)
	}
	// Dry runs are counted as requests, never as denials or findings.
	text := scrape(t, c, w)
	for _, want := range []string{
		`kubeward_admission_requests_total{dry_run="true",kind="Pod",operation="CREATE",result="allowed"} 1`,
		`kubeward_admission_requests_total{dry_run="true",kind="Pod",operation="CREATE",result="denied"} 1`,
	} {
		if !strings.Contains(text, want+"\n") {
			t.Errorf("metrics lack %s", want)
		}
	}
	for _, unwanted := range []string{"kubeward_admission_denials_total{", "kubeward_admission_findings_total{"} {
		if strings.Contains(text, unwanted) {
			t.Errorf("dry runs counted in %s", unwanted)
		}
	}
}
