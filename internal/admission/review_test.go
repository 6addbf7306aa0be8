package admission_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"slices"
	"testing"

	admissionv1 "k8s.io/api/admission/v1"
	authenticationv1 "k8s.io/api/authentication/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/kubeward/kubeward/internal/admission"
	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/checks"
)

// labels is a NamespaceLabels from a map.
type labels map[string]map[string]string

func (l labels) Labels(_ context.Context, ns string) (map[string]string, error) { return l[ns], nil }

func review(t *testing.T, cfg admission.Config, req *admissionv1.AdmissionRequest) admission.Decision {
	t.Helper()
	engine := check.NewEngine(admission.Runners(checks.All()), check.Options{})
	return admission.NewReviewer(cfg, engine, slog.New(slog.NewTextHandler(io.Discard, nil))).Review(t.Context(), req)
}

func podRequest(t *testing.T, op admissionv1.Operation, p, old *corev1.Pod) *admissionv1.AdmissionRequest {
	t.Helper()
	raw := func(p *corev1.Pod) runtime.RawExtension {
		if p == nil {
			return runtime.RawExtension{}
		}
		p = p.DeepCopy()
		p.APIVersion, p.Kind, p.Namespace = "v1", "Pod", "team"
		b, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		return runtime.RawExtension{Raw: b}
	}
	return &admissionv1.AdmissionRequest{
		UID: "u", Kind: metav1.GroupVersionKind{Version: "v1", Kind: "Pod"},
		Resource:  metav1.GroupVersionResource{Version: "v1", Resource: "pods"},
		Namespace: "team", Name: p.Name, Operation: op,
		UserInfo: authenticationv1.UserInfo{Username: "system:serviceaccount:ci:deployer", Groups: []string{"system:serviceaccounts", "team-a"}},
		Object:   raw(p), OldObject: raw(old),
	}
}

func results(d admission.Decision) []string {
	var out []string
	for _, v := range d.Verdicts {
		out = append(out, v.Check+"="+v.Action.String())
	}
	return out
}

func TestReviewExemptions(t *testing.T) {
	req := podRequest(t, admissionv1.Create, pod("p", privilegedSpec()), nil)
	for _, tc := range []struct {
		exempt admission.Exemptions
		reason string
	}{
		{admission.Exemptions{Namespaces: []string{"team"}}, "namespace team"},
		{admission.Exemptions{Users: []string{"system:serviceaccount:ci:deployer"}}, "user system:serviceaccount:ci:deployer"},
		{admission.Exemptions{Groups: []string{"team-a"}}, "group team-a"},
		{admission.Exemptions{ServiceAccounts: []string{"ci/deployer"}}, "service account ci/deployer"},
		{admission.Exemptions{Namespaces: []string{"other"}, Users: []string{"bob"}, Groups: []string{"x"}, ServiceAccounts: []string{"ci/other"}}, ""},
	} {
		cfg := defaults()
		cfg.Exempt = tc.exempt
		d := review(t, cfg, req)
		if tc.reason == "" {
			if d.Result != admission.ResultDenied {
				t.Errorf("%+v: result %s, want denied", tc.exempt, d.Result)
			}
			continue
		}
		if d.Result != admission.ResultExempt || !d.Allowed || d.Reason != tc.reason || len(d.Verdicts) != 0 {
			t.Errorf("%+v: %+v, want exempt by %s", tc.exempt, d, tc.reason)
		}
	}
}

func TestReviewModes(t *testing.T) {
	req := podRequest(t, admissionv1.Create, pod("p", privilegedSpec()), nil)

	d := review(t, defaults(), req)
	want := []string{"privileged-container=enforce", "privilege-escalation=warn", "default-service-account=audit"}
	if got := results(d); !slices.Equal(got, want) || d.Allowed {
		t.Errorf("defaults: %v allowed=%v, want %v denied", got, d.Allowed, want)
	}

	cfg := defaults()
	cfg.CheckModes = map[string]admission.Action{"privileged-container": admission.ActionAudit, "privilege-escalation": admission.ActionEnforce}
	d = review(t, cfg, req)
	want = []string{"privileged-container=audit", "privilege-escalation=enforce", "default-service-account=audit"}
	if got := results(d); !slices.Equal(got, want) || d.Allowed {
		t.Errorf("check modes: %v allowed=%v, want %v denied", got, d.Allowed, want)
	}

	cfg = defaults()
	cfg.Namespaces = labels{"team": {"kubeward.dev/enforce": "none", "kubeward.dev/warn": "bogus", "kubeward.dev/audit": "critical"}}
	d = review(t, cfg, req)
	want = []string{"privileged-container=warn", "privilege-escalation=warn"} // audit: critical only
	if got := results(d); !slices.Equal(got, want) || !d.Allowed || d.Result != admission.ResultWarned {
		t.Errorf("labels: %v %s, want %v warned", got, d.Result, want)
	}
	wantWarn := `kubeward: namespace label kubeward.dev/warn: "bogus" is neither a severity (critical, high, medium, low, info) nor none; the server default medium applies`
	if len(d.Warnings) != 3 || d.Warnings[2] != wantWarn {
		t.Errorf("warnings %q, want the two findings and %q", d.Warnings, wantWarn)
	}
}

func TestReviewUpdates(t *testing.T) {
	old := pod("p", privilegedSpec())
	updated := old.DeepCopy()
	updated.Labels = map[string]string{"new": "label"}
	// A container put in front of the old one moves its index; its
	// finding is still not new.
	updated.Spec.Containers = append([]corev1.Container{hardenedSpec().Containers[0]}, updated.Spec.Containers...)
	updated.Spec.Containers[0].Name = "sidecar"
	req := podRequest(t, admissionv1.Update, updated, old)

	d := review(t, defaults(), req)
	if !d.Allowed || d.Result != admission.ResultWarned || len(d.Verdicts) != 3 || !d.Verdicts[0].Existing || !d.Verdicts[1].Existing {
		t.Errorf("unrelated update: %+v", d)
	}
	cfg := defaults()
	cfg.StrictUpdates = true
	if d := review(t, cfg, req); d.Allowed || d.Result != admission.ResultDenied {
		t.Errorf("strict update: %+v", d)
	}
	// Status updates and deletions in progress are not evaluated.
	status := podRequest(t, admissionv1.Update, updated, old)
	status.SubResource = "status"
	if d := review(t, cfg, status); d.Result != admission.ResultSkipped || !d.Allowed {
		t.Errorf("status update: %+v", d)
	}
	deleting := updated.DeepCopy()
	deleting.DeletionTimestamp = ptr(metav1.Now())
	if d := review(t, cfg, podRequest(t, admissionv1.Update, deleting, old)); d.Result != admission.ResultSkipped || !d.Allowed {
		t.Errorf("update of a deleted object: %+v", d)
	}
}

// .kubeward.yaml exceptions and annotations apply as in scan.
func TestReviewExceptions(t *testing.T) {
	p := pod("p", privilegedSpec())
	p.Annotations = map[string]string{"kubeward.dev/ignore": "privileged-container", "kubeward.dev/ignore-reason": "device plugin"}
	d := review(t, defaults(), podRequest(t, admissionv1.Create, p, nil))
	if !d.Allowed || d.Suppressed != 1 || !slices.Equal(results(d), []string{"privilege-escalation=warn", "default-service-account=audit"}) {
		t.Errorf("annotated: %+v", d)
	}
	cfg := defaults()
	cfg.StrictExceptions = true
	if d := review(t, cfg, podRequest(t, admissionv1.Create, p, nil)); d.Allowed {
		t.Errorf("annotation honoured with strict exceptions: %+v", d)
	}
}
