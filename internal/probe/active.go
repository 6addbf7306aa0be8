package probe

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
)

// activeLabel marks everything the active probes create, so that a run
// cut short leaves objects a person can find: kubectl get ns -l kubeward.dev/probe.
const activeLabel = `{"kubeward.dev/probe":"active"}`

// activeRun is one run of the active probes against one API server.
type activeRun struct {
	r      *runner
	c      *client
	ref    kube.Ref
	who    string
	suffix string
	out    []check.Finding
}

// active runs the create/patch/delete probes with the run's credentials
// (the token, else none), in a namespace of their own that they delete.
// Pods are bound to a node that does not exist so that none ever runs;
// the privileged pod is a dry run. etcd is never written to.
func (r *runner) active(ctx context.Context, s *Service) []check.Finding {
	a := &activeRun{r: r, c: s.client, ref: s.Ref(), who: "anonymous", suffix: randomSuffix()}
	if r.opts.Token != "" {
		a.c, a.who = s.client.withToken(r.opts.Token), "the service-account token"
	}
	ns := "kubeward-probe-" + a.suffix
	nsCreated := a.step(ctx, ActiveCreateNamespace, http.MethodPost, "/api/v1/namespaces",
		fmt.Sprintf(`{"apiVersion":"v1","kind":"Namespace","metadata":{"name":%q,"labels":%s}}`, ns, activeLabel))
	if nsCreated {
		// New namespaces get their default ServiceAccount from a
		// controller; pods are refused until it exists, so make it.
		a.send(ctx, http.MethodPost, "/api/v1/namespaces/"+ns+"/serviceaccounts", `{"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"default"}}`)
		a.objectSteps(ctx, "/apis/rbac.authorization.k8s.io/v1/namespaces/"+ns+"/roles", "kubeward-probe",
			`{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"Role","metadata":{"name":"kubeward-probe","labels":`+activeLabel+`},"rules":[]}`,
			ActiveCreateRole, ActivePatchRole, ActiveDeleteRole)
		a.objectSteps(ctx, "/api/v1/namespaces/"+ns+"/pods", "kubeward-probe", podJSON("kubeward-probe", false),
			ActiveCreatePod, ActivePatchPod, ActiveDeletePod)
		a.step(ctx, ActiveCreatePrivilegedPod, http.MethodPost, "/api/v1/namespaces/"+ns+"/pods?dryRun=All", podJSON("kubeward-probe-privileged", true))
	} else {
		for _, rule := range []*Rule{ActiveCreateRole, ActivePatchRole, ActiveDeleteRole, ActiveCreatePod, ActivePatchPod, ActiveDeletePod, ActiveCreatePrivilegedPod} {
			a.out = append(a.out, newFinding(rule, a.ref, check.StatusNotEvaluated,
				fmt.Sprintf("%s cannot create the namespace the namespaced active probes run in", a.who)))
		}
	}
	crName := "kubeward-probe-" + a.suffix
	a.objectSteps(ctx, "/apis/rbac.authorization.k8s.io/v1/clusterroles", crName,
		fmt.Sprintf(`{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRole","metadata":{"name":%q,"labels":%s},"rules":[]}`, crName, activeLabel),
		ActiveCreateClusterRole, ActivePatchClusterRole, ActiveDeleteClusterRole)
	if nsCreated && !a.step(ctx, ActiveDeleteNamespace, http.MethodDelete, "/api/v1/namespaces/"+ns, "") {
		a.out = append(a.out, errorf(ProbeError, a.ref, nil,
			"%s could create namespace %s but not delete it: delete it by hand (kubectl delete ns -l kubeward.dev/probe=active)", a.who, ns))
	}
	if !nsCreated {
		a.out = append(a.out, newFinding(ActiveDeleteNamespace, a.ref, check.StatusNotEvaluated,
			fmt.Sprintf("%s created no namespace to delete", a.who)))
	}
	return a.out
}

// objectSteps creates an object, patches a label onto it and deletes it.
func (a *activeRun) objectSteps(ctx context.Context, collection, name, body string, create, patch, del *Rule) {
	if !a.step(ctx, create, http.MethodPost, collection, body) {
		for _, rule := range []*Rule{patch, del} {
			a.out = append(a.out, newFinding(rule, a.ref, check.StatusNotEvaluated, fmt.Sprintf("%s created no object to try this on", a.who)))
		}
		return
	}
	a.step(ctx, patch, http.MethodPatch, collection+"/"+name, `{"metadata":{"labels":{"kubeward.dev/probe-patched":"true"}}}`)
	if !a.step(ctx, del, http.MethodDelete, collection+"/"+name, `{"gracePeriodSeconds":0}`) {
		a.out = append(a.out, errorf(ProbeError, a.ref, nil, "%s could create %s/%s but not delete it: delete it by hand", a.who, collection, name))
	}
}

// step sends one active request and reports it: allowed is a failure,
// refused a pass, anything else could not be evaluated.
func (a *activeRun) step(ctx context.Context, rule *Rule, method, path, body string) bool {
	x := a.send(ctx, method, path, body)
	ev := []check.Evidence{x.Evidence()}
	switch {
	case x.OK():
		f := failf(rule, a.ref, ev, "%s as %s", x.Describe(), a.who)
		f.Path = path
		a.out = append(a.out, f)
		return true
	case x.Refused():
		a.out = append(a.out, passf(rule, a.ref, ev, "%s: refused to %s", x.Describe(), a.who))
	default:
		a.out = append(a.out, errorf(rule, a.ref, ev, "%s; not evaluated", x.Describe()))
	}
	return false
}

func (a *activeRun) send(ctx context.Context, method, path, body string) *exchange {
	ct := "application/json"
	if method == http.MethodPatch {
		ct = "application/merge-patch+json"
	}
	slog.Warn("active probe", "request", method+" "+a.c.base+path, "as", a.who)
	var b []byte
	if body != "" {
		b = []byte(body)
	}
	return a.c.do(ctx, method, path, ct, b)
}

// podJSON is a pod bound to a node that does not exist: the API server
// stores it, nothing schedules or runs it.
func podJSON(name string, privileged bool) string {
	return fmt.Sprintf(`{"apiVersion":"v1","kind":"Pod","metadata":{"name":%q,"labels":%s},"spec":{"nodeName":"kubeward-probe-no-such-node",`+
		`"automountServiceAccountToken":false,"containers":[{"name":"probe","image":"registry.k8s.io/pause:3.10","securityContext":{"privileged":%t}}]}}`,
		name, activeLabel, privileged)
}

func randomSuffix() string {
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
