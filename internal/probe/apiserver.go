package probe

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/kubeward/kubeward/internal/check"
)

// listed is a resource the probes try to list.
type listed struct {
	name       string // plural, as findings name it
	group      string // "" for the core group
	namespaced bool
}

func (l listed) path(ns string) string {
	prefix := "/api/v1"
	if l.group != "" {
		prefix = "/apis/" + l.group + "/v1"
	}
	if ns != "" {
		prefix += "/namespaces/" + ns
	}
	return prefix + "/" + l.name + "?limit=1"
}

// listedResources are what an attacker lists first: where the workloads,
// credentials and permissions are.
var listedResources = []listed{
	{name: "namespaces"}, {name: "nodes"},
	{name: "pods", namespaced: true}, {name: "secrets", namespaced: true}, {name: "configmaps", namespaced: true},
	{name: "services", namespaced: true}, {name: "serviceaccounts", namespaced: true},
	{name: "roles", group: "rbac.authorization.k8s.io", namespaced: true},
	{name: "rolebindings", group: "rbac.authorization.k8s.io", namespaced: true},
	{name: "clusterroles", group: "rbac.authorization.k8s.io"},
	{name: "clusterrolebindings", group: "rbac.authorization.k8s.io"},
}

// identity is who the API server probes act as.
type identity struct {
	who        string // "anonymous" or "the service-account token"
	access     *Rule
	list       *Rule
	severities map[string]check.Severity // list severity by resource
}

var anonymous = identity{who: "anonymous", access: APIAnonymous, list: APIAnonymousList}
var withToken = identity{who: "the service-account token", access: APIToken, list: APITokenList}

// probeAPIServer runs the passive API server probes: version disclosure,
// plain HTTP, anonymous access and listing, and the same with a token.
func (r *runner) probeAPIServer(ctx context.Context, s *Service) []check.Finding {
	var out []check.Finding
	ref := s.Ref()
	if x := s.version; x != nil {
		switch {
		case x.OK() && s.Version != "":
			out = append(out, failf(APIVersion, ref, []check.Evidence{x.Evidence()},
				"GET %s answered %s with gitVersion %s to a client without credentials", x.URL, x.Reason, s.Version))
			r.disclose(disclosed{ref: ref, component: "control-plane", version: s.Version, request: x.Method + " " + x.URL})
		case x.Refused():
			out = append(out, passf(APIVersion, ref, []check.Evidence{x.Evidence()}, "%s: the version is not disclosed to clients without credentials", x.Describe()))
		}
	}
	if s.Scheme == "http" {
		x := s.client.get(ctx, "/api/v1")
		if x.OK() {
			out = append(out, failf(APIPlainHTTP, ref, []check.Evidence{x.Evidence()}, "%s over plain HTTP without credentials", x.Describe()))
		}
	}
	out = append(out, r.apiAs(ctx, s, s.client, anonymous)...)
	if r.opts.Token != "" {
		out = append(out, r.apiAs(ctx, s, s.client.withToken(r.opts.Token), withToken)...)
	}
	return out
}

// apiAs probes discovery and listing as one identity.
func (r *runner) apiAs(ctx context.Context, s *Service, c *client, id identity) []check.Finding {
	ref := s.Ref()
	var out []check.Finding
	x := c.get(ctx, "/api")
	switch {
	case x.Err != nil:
		return []check.Finding{errorf(id.access, ref, []check.Evidence{x.Evidence()}, "%s; access as %s was not evaluated", x.Describe(), id.who)}
	case x.OK():
		out = append(out, failf(id.access, ref, []check.Evidence{x.Evidence()}, "%s as %s", x.Describe(), id.who))
	case x.Status == http.StatusUnauthorized:
		msg := "anonymous authentication is off"
		if id.who != anonymous.who {
			msg = "the token is not accepted"
		}
		return []check.Finding{passf(id.access, ref, []check.Evidence{x.Evidence()}, "%s: %s", x.Describe(), msg)}
	case x.Status == http.StatusForbidden:
		out = append(out, passf(id.access, ref, []check.Evidence{x.Evidence()}, "%s: requests as %s are authenticated but not authorized for discovery", x.Describe(), id.who))
	default:
		out = append(out, errorf(id.access, ref, []check.Evidence{x.Evidence()}, "%s; access as %s was not evaluated", x.Describe(), id.who))
	}
	return append(out, r.lists(ctx, s, c, id)...)
}

// lists tries each resource cluster-wide and in each namespace asked for:
// one failed finding per resource that lists, one pass for all refusals.
func (r *runner) lists(ctx context.Context, s *Service, c *client, id identity) []check.Finding {
	ref := s.Ref()
	var out []check.Finding
	var refused, broken []check.Evidence
	scopes := append([]string{""}, r.opts.Namespaces...)
	rules := r.rulesReview(ctx, c)
	for _, l := range listedResources {
		for _, ns := range scopes {
			if ns != "" && !l.namespaced {
				continue
			}
			x := c.get(ctx, l.path(ns))
			switch {
			case x.OK():
				where := "in every namespace"
				if ns != "" {
					where = "in namespace " + ns
				} else if !l.namespaced {
					where = "(cluster-scoped)"
				}
				f := failf(id.list, ref, append([]check.Evidence{x.Evidence()}, rules...), "%s can list %s %s: %s", id.who, l.name, where, x.Describe())
				f.Path = l.path(ns)
				if l.name == "secrets" {
					f.Severity = check.High
				}
				out = append(out, f)
			case x.Refused():
				refused = append(refused, x.Evidence())
			default:
				broken = append(broken, x.Evidence())
			}
		}
	}
	if len(broken) > 0 {
		out = append(out, errorf(id.list, ref, broken, "%d list requests as %s got no usable answer; those resources were not evaluated", len(broken), id.who))
	}
	if len(out) == 0 && len(refused) > 0 {
		out = append(out, passf(id.list, ref, append(refused, rules...), "%s can list none of %s (%d requests refused with 401 or 403)",
			id.who, resourceNames(), len(refused)))
	}
	return out
}

// rulesReview asks the API server what the identity may do in each
// namespace asked for (SelfSubjectRulesReview); its answer is evidence.
// Without the system:basic-user binding (anonymous has none) the review
// itself is refused, which the evidence records too.
func (r *runner) rulesReview(ctx context.Context, c *client) []check.Evidence {
	var out []check.Evidence
	for _, ns := range r.opts.Namespaces {
		body := fmt.Sprintf(`{"apiVersion":"authorization.k8s.io/v1","kind":"SelfSubjectRulesReview","spec":{"namespace":%q}}`, ns)
		x := c.do(ctx, http.MethodPost, "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews", "application/json", []byte(body))
		ev := x.Evidence()
		ev.Source = "selfsubjectrulesreview"
		if x.OK() {
			ev.Detail = "namespace " + ns + ": " + summarizeRules(x.Body)
		}
		out = append(out, ev)
	}
	return out
}

// summarizeRules turns a SelfSubjectRulesReview answer into
// "get,list pods; get namespaces".
func summarizeRules(body []byte) string {
	var rr struct {
		Status struct {
			ResourceRules []struct {
				Verbs, APIGroups, Resources []string
			}
		}
	}
	if err := json.Unmarshal(body, &rr); err != nil {
		return "unreadable answer"
	}
	var parts []string
	for _, rule := range rr.Status.ResourceRules {
		parts = append(parts, strings.Join(rule.Verbs, ",")+" "+strings.Join(rule.Resources, ","))
	}
	slices.Sort(parts)
	if len(parts) == 0 {
		return "no resource rules"
	}
	return strings.Join(parts, "; ")
}

func resourceNames() string {
	var names []string
	for _, l := range listedResources {
		names = append(names, l.name)
	}
	return strings.Join(names, ", ")
}
