package probe_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/probe"
	"github.com/kubeward/kubeward/internal/testcluster"
	"github.com/kubeward/kubeward/internal/vuln"
)

func TestAPIServerAnonymousOn(t *testing.T) {
	t.Parallel()
	c := testcluster.Get(t)
	ns := c.Namespace(t)
	res := run(t, probe.Options{Namespaces: []string{ns}}, target(t, c.Host()))
	wantSummary(t, res.Findings,
		"probe-service pass", "probe-apiserver-version fail",
		"probe-apiserver-anonymous-access pass", "probe-apiserver-anonymous-list pass")
	v := one(t, res.Findings, "probe-apiserver-version")
	want := fmt.Sprintf("GET %s/version answered 200 OK with gitVersion v1.37.2 to a client without credentials", c.Host())
	if v.Message != want || v.Evidence[0].Setting != "GET "+c.Host()+"/version" || v.Evidence[0].Value != "200 OK" {
		t.Errorf("version finding: %q %+v, want %q", v.Message, v.Evidence, want)
	}
	if v.Frameworks.MITRE[0] != "T1592.002" {
		t.Errorf("version MITRE %v", v.Frameworks.MITRE)
	}
	a := one(t, res.Findings, "probe-apiserver-anonymous-access")
	if want := fmt.Sprintf("GET %s/api answered 403 Forbidden: requests as anonymous are authenticated but not authorized for discovery", c.Host()); a.Message != want {
		t.Errorf("access: %q, want %q", a.Message, want)
	}
	s := one(t, res.Findings, "probe-service")
	if !strings.Contains(s.Message, "apiserver answers on") || !strings.Contains(s.Evidence[0].Value, "issuer CN=kubeward-testcluster-ca") ||
		!strings.Contains(s.Evidence[0].Detail, "127.0.0.1") {
		t.Errorf("service record lacks the certificate: %s", dump([]check.Finding{s}))
	}
}

func TestAPIServerAnonymousBinding(t *testing.T) {
	t.Parallel()
	c := testcluster.Get(t)
	ns := c.Namespace(t)
	cs := c.AdminClient()
	ctx := t.Context()
	_, err := cs.RbacV1().Roles(ns).Create(ctx, &rbacv1.Role{
		ObjectMeta: metav1.ObjectMeta{Name: "list-pods"},
		Rules:      []rbacv1.PolicyRule{{APIGroups: []string{""}, Resources: []string{"pods"}, Verbs: []string{"list"}}},
	}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = cs.RbacV1().RoleBindings(ns).Create(ctx, &rbacv1.RoleBinding{
		ObjectMeta: metav1.ObjectMeta{Name: "anonymous-list-pods"},
		RoleRef:    rbacv1.RoleRef{APIGroup: "rbac.authorization.k8s.io", Kind: "Role", Name: "list-pods"},
		Subjects:   []rbacv1.Subject{{APIGroup: "rbac.authorization.k8s.io", Kind: "User", Name: "system:anonymous"}},
	}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	tgt := target(t, c.Host())
	var res *probe.Result
	eventually(t, "anonymous list pods found", func() bool {
		res = run(t, probe.Options{Namespaces: []string{ns}}, tgt)
		return len(only(res.Findings, "probe-apiserver-anonymous-list")) == 1 && one(t, res.Findings, "probe-apiserver-anonymous-list").Status == check.StatusFail
	})
	wantSummary(t, res.Findings,
		"probe-service pass", "probe-apiserver-version fail",
		"probe-apiserver-anonymous-access pass", "probe-apiserver-anonymous-list fail")
	f := one(t, res.Findings, "probe-apiserver-anonymous-list")
	path := "/api/v1/namespaces/" + ns + "/pods?limit=1"
	want := fmt.Sprintf("anonymous can list pods in namespace %s: GET %s%s answered 200 OK", ns, c.Host(), path)
	if f.Message != want || f.Path != path || f.Severity != check.Medium || f.Frameworks.MITRE[0] != "T1613" {
		t.Errorf("list finding: %q path %q sev %s, want %q", f.Message, f.Path, f.Severity, want)
	}

	if err := cs.RbacV1().RoleBindings(ns).Delete(ctx, "anonymous-list-pods", metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	eventually(t, "anonymous list pods gone", func() bool {
		res = run(t, probe.Options{Namespaces: []string{ns}}, tgt)
		return one(t, res.Findings, "probe-apiserver-anonymous-list").Status == check.StatusPass
	})
	wantSummary(t, res.Findings,
		"probe-service pass", "probe-apiserver-version fail",
		"probe-apiserver-anonymous-access pass", "probe-apiserver-anonymous-list pass")
}

func TestAPIServerAnonymousOff(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	c, err := testcluster.Start(ctx, testcluster.Options{DisableAnonymousAuth: true})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Stop()
	res := run(t, probe.Options{}, target(t, c.Host()))
	wantSummary(t, res.Findings, "probe-service pass", "probe-apiserver-version pass", "probe-apiserver-anonymous-access pass")
	a := one(t, res.Findings, "probe-apiserver-anonymous-access")
	if want := fmt.Sprintf("GET %s/api answered 401 Unauthorized: anonymous authentication is off", c.Host()); a.Message != want {
		t.Errorf("access: %q, want %q", a.Message, want)
	}
	v := one(t, res.Findings, "probe-apiserver-version")
	if want := fmt.Sprintf("GET %s/version answered 401 Unauthorized: the version is not disclosed to clients without credentials", c.Host()); v.Message != want {
		t.Errorf("version: %q, want %q", v.Message, want)
	}
}

func TestAPIServerToken(t *testing.T) {
	t.Parallel()
	c := testcluster.Get(t)
	ns := c.Namespace(t)
	cfg, err := c.ServiceAccountConfig(t.Context(), ns, "prober")
	if err != nil {
		t.Fatal(err)
	}
	res := run(t, probe.Options{Namespaces: []string{ns}, Token: cfg.BearerToken}, target(t, c.Host()))
	wantSummary(t, res.Findings,
		"probe-service pass", "probe-apiserver-version fail",
		"probe-apiserver-anonymous-access pass", "probe-apiserver-anonymous-list pass",
		"probe-apiserver-token-access fail", "probe-apiserver-token-list pass")
	f := one(t, res.Findings, "probe-apiserver-token-list")
	// The token may create SelfSubjectRulesReviews (system:basic-user):
	// its answer is evidence of what the token may do.
	var review string
	for _, e := range f.Evidence {
		if e.Source == "selfsubjectrulesreview" {
			review = e.Value + " " + e.Detail
		}
	}
	if !strings.HasPrefix(review, "201 Created namespace "+ns+": ") || !strings.Contains(review, "create selfsubjectaccessreviews,selfsubjectrulesreviews") {
		t.Errorf("rules review evidence %q", review)
	}
}

func TestVersionFeedsCVEData(t *testing.T) {
	t.Parallel()
	c := testcluster.Get(t)
	db, err := vuln.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	// By 2030 the 1.37 line is out of support: at least that finding.
	now := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	tgt := target(t, c.Host())
	res := run(t, probe.Options{CVE: db, Now: now}, tgt)
	ref := probe.EndpointRef(tgt.Host, tgt.Port)
	want := vuln.Assess([]vuln.Component{{Name: "control-plane", Version: "v1.37.2",
		Where: vuln.Where{Object: ref, Field: "GET " + c.Host() + "/version", Source: "http"}}}, now, db)
	if len(want) == 0 {
		t.Fatal("vuln.Assess reports nothing for v1.37.2 in 2030; the test needs a version with findings")
	}
	var got []check.Finding
	for _, f := range res.Findings {
		if f.Check == vuln.CVEMeta.ID || f.Check == vuln.EOLMeta.ID {
			got = append(got, f)
		}
	}
	if fmt.Sprint(summary(got)) != fmt.Sprint(summary(want)) {
		t.Errorf("CVE findings %q, want vuln.Assess's %q", summary(got), summary(want))
	}
	for _, f := range got {
		if f.Object != ref {
			t.Errorf("%s on %v, want the endpoint %v", f.Check, f.Object, ref)
		}
	}
}
