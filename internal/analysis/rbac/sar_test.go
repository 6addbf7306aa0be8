package rbac_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	authorizationv1 "k8s.io/api/authorization/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	"k8s.io/apimachinery/pkg/api/equality"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"

	"github.com/kubeward/kubeward/internal/analysis/rbac"
	"github.com/kubeward/kubeward/internal/testcluster"
)

// The aggregation controller does not run in the test cluster, so the
// test stores in the aggregated ClusterRole the rules the controller would
// write (for each selector, the selected roles by name, each rule once),
// spelled out here by hand. The analysis recomputes them from the
// aggregationRule and ignores the stored rules, so the answers agreeing
// with the apiserver's shows the aggregation is resolved right.
var aggregatedByHand = []rbacv1.PolicyRule{
	{APIGroups: []string{""}, Resources: []string{"services", "endpoints"}, Verbs: []string{"get", "list"}},
	{APIGroups: []string{"batch"}, Resources: []string{"jobs"}, Verbs: []string{"create"}},
	{APIGroups: []string{""}, Resources: []string{"services"}, Verbs: []string{"get", "list"}},
}

// identity is who a SubjectAccessReview asks about.
type identity struct {
	label string
	user  rbac.User
}

func identities(f fixture) []identity {
	user := func(name string, groups ...string) identity {
		n := f.name(name)
		return identity{n, rbac.Subject{Kind: rbac.KindUser, Name: n}.Identity(slicesMap(groups, f.name)...)}
	}
	sa := func(ns, name string) identity {
		s := rbac.Subject{Kind: rbac.KindServiceAccount, Namespace: ns, Name: name}
		return identity{s.String(), s.Identity()}
	}
	dev := rbac.Subject{Kind: rbac.KindGroup, Name: f.name("kw-SFX-dev")}
	return []identity{
		user("kw-SFX-alice"),
		user("kw-SFX-bob", "kw-SFX-dev"),
		user("kw-SFX-olga", "kw-SFX-ops"),
		user("kw-SFX-carol"),
		user("kw-SFX-nobody"),
		sa(f.ns1, "builder"),
		sa(f.ns1, "default"),
		sa(f.ns2, "default"),
		{dev.String(), dev.Identity()},
	}
}

func slicesMap(in []string, f func(string) string) []string {
	out := make([]string, len(in))
	for i, s := range in {
		out[i] = f(s)
	}
	return out
}

// requests is every request the test asks about: each verb on resources
// and subresources matched exactly, through "*/sub", "*" groups and
// resourceNames, in both namespaces and cluster-wide, and non-resource
// URLs matched exactly and by prefix.
func requests(f fixture) []rbac.Request {
	type res struct{ group, resource, sub string }
	named := []res{{"", "pods", ""}, {"", "secrets", ""}, {"", "configmaps", ""}}
	unnamed := []res{
		{"", "pods", "exec"}, {"", "pods", "log"}, {"apps", "deployments", ""}, {"apps", "deployments", "scale"},
		{"apps", "statefulsets", "scale"}, {"", "replicationcontrollers", "scale"}, {"apps", "deployments", "status"},
		{"batch", "jobs", "status"}, {"", "nodes", ""}, {"", "nodes", "proxy"}, {"kw.example.com", "widgets", ""},
		{"", "services", ""}, {"", "endpoints", ""}, {"batch", "jobs", ""},
		{"authorization.k8s.io", "selfsubjectaccessreviews", ""},
	}
	verbs := []string{"get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"}
	var out []rbac.Request
	for _, ns := range []string{f.ns1, f.ns2, ""} {
		for _, v := range verbs {
			for _, r := range named {
				for _, name := range []string{"", "web", "db-pass", "settings"} {
					out = append(out, rbac.Request{Verb: v, Group: r.group, Resource: r.resource, Subresource: r.sub, Name: name, Namespace: ns})
				}
			}
			for _, r := range unnamed {
				out = append(out, rbac.Request{Verb: v, Group: r.group, Resource: r.resource, Subresource: r.sub, Namespace: ns})
			}
		}
	}
	for _, path := range []string{"/healthz", "/logs", "/logs/", "/logs/kube.log", "/metrics", "/metrics/x",
		f.name("/apis/kw-SFX"), f.name("/apis/kw-SFXfoo/bar"), "/apis/other", "/api", "/version", "/openid/v1/jwks"} {
		for _, v := range []string{"get", "post", "put", "delete"} {
			out = append(out, rbac.Request{Verb: v, Path: path})
		}
	}
	return out
}

func sar(ctx context.Context, cs kubernetes.Interface, u rbac.User, r rbac.Request) (bool, error) {
	spec := authorizationv1.SubjectAccessReviewSpec{User: u.Name, Groups: u.Groups}
	if r.IsResource() {
		spec.ResourceAttributes = &authorizationv1.ResourceAttributes{Namespace: r.Namespace, Verb: r.Verb,
			Group: r.Group, Resource: r.Resource, Subresource: r.Subresource, Name: r.Name}
	} else {
		spec.NonResourceAttributes = &authorizationv1.NonResourceAttributes{Path: r.Path, Verb: r.Verb}
	}
	res, err := cs.AuthorizationV1().SubjectAccessReviews().Create(ctx, &authorizationv1.SubjectAccessReview{Spec: spec}, metav1.CreateOptions{})
	if err != nil {
		return false, err
	}
	return res.Status.Allowed, nil
}

// question is one (identity, request) pair and the analysis' answers.
type question struct {
	id            identity
	req           rbac.Request
	allowed, who  bool // from Allowed (rbac can) and from WhoCan (rbac who-can)
	server        bool
	checkedServer bool
}

func TestAnswersAgreeWithSubjectAccessReview(t *testing.T) {
	t.Parallel()
	c := testcluster.Get(t)
	ctx := t.Context()
	cfg := c.AdminConfig()
	cfg.QPS, cfg.Burst = 2000, 2000 // thousands of reviews
	cs := kubernetes.NewForConfigOrDie(cfg)
	f := newFixture(t, "testdata/policy.yaml", c.Namespace(t), c.Namespace(t))
	f.apply(t, ctx, cs)
	agg, err := cs.RbacV1().ClusterRoles().Get(ctx, f.name("kw-SFX-aggregate"), metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	agg.Rules = aggregatedByHand
	if _, err := cs.RbacV1().ClusterRoles().Update(ctx, agg, metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}

	inv, err := rbac.LoadCluster(ctx, cs)
	if err != nil {
		t.Fatal(err)
	}
	p := rbac.NewPolicy(inv)
	if got, _ := p.AggregatedRules(f.name("kw-SFX-aggregate")); !equality.Semantic.DeepEqual(got, aggregatedByHand) {
		t.Errorf("aggregated rules:\n got %v\nwant %v", got, aggregatedByHand)
	}

	var qs []*question
	for _, r := range requests(f) {
		grants := p.WhoCan(r)
		for _, id := range identities(f) {
			q := &question{id: id, req: r, allowed: p.Allowed(id.user, r)}
			q.who = slices.ContainsFunc(grants, func(g rbac.Grant) bool { return g.Matches(id.user) })
			qs = append(qs, q)
		}
	}
	// Bindings reach the authorizer through watches a moment after they
	// are stored: disagreements are asked again for a few seconds, and
	// only those that last fail the test.
	pending := slices.Clone(qs) // DeleteFunc clears the tail it drops
	deadline := time.Now().Add(10 * time.Second)
	for {
		askAll(t, ctx, cs, pending)
		pending = slices.DeleteFunc(pending, func(q *question) bool { return q.allowed == q.server && q.who == q.server })
		if len(pending) == 0 || time.Now().After(deadline) {
			break
		}
		time.Sleep(300 * time.Millisecond)
	}
	for _, q := range pending {
		t.Errorf("%s: %s: SubjectAccessReview allowed=%v, rbac can allowed=%v, rbac who-can lists it=%v",
			q.id.label, q.req, q.server, q.allowed, q.who)
	}
	// Not vacuous: every identity is allowed something of the fixture's
	// and denied something, and the fixture grants a good share.
	yes := map[string]int{}
	total := 0
	for _, q := range qs {
		if q.server {
			yes[q.id.label]++
			total++
		}
	}
	for _, id := range identities(f) {
		if yes[id.label] == 0 || yes[id.label] == len(requests(f)) {
			t.Errorf("%s: allowed %d of %d requests; the fixture should allow some and deny some", id.label, yes[id.label], len(requests(f)))
		}
	}
	t.Logf("%d questions, %d allowed by the apiserver, %d disagreements", len(qs), total, len(pending))
}

// askAll fills in the apiserver's answers, eight reviews at a time.
func askAll(t *testing.T, ctx context.Context, cs kubernetes.Interface, qs []*question) {
	t.Helper()
	work := make(chan *question)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var errs []string
	for range 8 {
		wg.Go(func() {
			for q := range work {
				ok, err := sar(ctx, cs, q.id.user, q.req)
				if err != nil {
					mu.Lock()
					errs = append(errs, fmt.Sprintf("%s %s: %v", q.id.label, q.req, err))
					mu.Unlock()
					continue
				}
				q.server, q.checkedServer = ok, true
			}
		})
	}
	for _, q := range qs {
		work <- q
	}
	close(work)
	wg.Wait()
	if len(errs) > 0 {
		t.Fatalf("SubjectAccessReview failed:\n%s", strings.Join(errs, "\n"))
	}
}
