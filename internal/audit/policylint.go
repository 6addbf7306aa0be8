package audit

import (
	"fmt"
	"slices"
	"strings"

	"github.com/kubeward/kubeward/internal/check"
)

// Policy lint checks.
var (
	PolicySecretBodies = &check.Meta{
		ID: "audit-policy-secret-bodies", Title: "Audit policy logs the bodies of secrets or tokens", Severity: check.High, Family: "audit-policy",
		Description: "Secrets, service-account tokens (serviceaccounts/token) and TokenReviews carry credentials in their request " +
			"or response bodies. Logged at Request or RequestResponse level, every credential ends up in the audit log and in every " +
			"system that collects it.",
		Remediation: "Add a rule before this one that logs secrets, serviceaccounts/token and tokenreviews at Metadata level.",
		Controls:    []check.Control{{Framework: check.FrameworkMITRE, ID: "T1552"}},
	}
	PolicyExecUnlogged = &check.Meta{
		ID: "audit-policy-exec-unlogged", Title: "Audit policy does not log exec, attach or port-forward", Severity: check.High, Family: "audit-policy",
		Description: "pods/exec, pods/attach and pods/portforward are how people get into containers. Without at least Metadata " +
			"level there is no record of who did it.",
		Remediation: "Log pods/exec, pods/attach and pods/portforward at Metadata level or above, in a rule before any rule that sets None for them.",
		Controls:    []check.Control{{Framework: check.FrameworkMITRE, ID: "T1609"}, {Framework: check.FrameworkCIS, ID: "3.2.2"}},
	}
	PolicyRBACUnlogged = &check.Meta{
		ID: "audit-policy-rbac-unlogged", Title: "Audit policy does not log RBAC changes", Severity: check.High, Family: "audit-policy",
		Description: "Writes to Roles, ClusterRoles, RoleBindings and ClusterRoleBindings change who may do what. Without at " +
			"least Metadata level a privilege escalation leaves no trace; Request level also records what was granted.",
		Remediation: "Log writes to rbac.authorization.k8s.io at Metadata level or above (RequestResponse records the grants).",
		Controls:    []check.Control{{Framework: check.FrameworkMITRE, ID: "T1098.006"}, {Framework: check.FrameworkCIS, ID: "3.2.2"}},
	}
	PolicyNoCatchAll = &check.Meta{
		ID: "audit-policy-no-catch-all", Title: "Audit policy has no catch-all rule", Severity: check.Medium, Family: "audit-policy",
		Description: "Requests no rule matches are not logged at all. A last rule with a level and no selectors makes sure every " +
			"request leaves at least a Metadata record, including requests to resources added later.",
		Remediation: "End the rules with `- level: Metadata`.",
		Controls:    []check.Control{{Framework: check.FrameworkCIS, ID: "3.2.2"}},
	}
	PolicyRequestReceived = &check.Meta{
		ID: "audit-policy-request-received", Title: "Audit policy records the RequestReceived stage", Severity: check.Low, Family: "audit-policy",
		Description: "The RequestReceived stage is written before the request is handled and repeats what the ResponseComplete " +
			"event says, without the outcome. It doubles the volume of the log for nothing.",
		Remediation: "Add `omitStages: [\"RequestReceived\"]` at the top level of the policy.",
		Controls:    []check.Control{{Framework: check.FrameworkCIS, ID: "3.2.1"}},
	}
)

// PolicyChecks lists the policy lint checks.
func PolicyChecks() []*check.Meta {
	return []*check.Meta{PolicySecretBodies, PolicyExecUnlogged, PolicyRBACUnlogged, PolicyNoCatchAll, PolicyRequestReceived}
}

var (
	secretProbes = append(append(probes("", []string{"secrets"}, "get", "list", "watch", "create", "update", "patch"),
		probes("", []string{"serviceaccounts/token"}, "create")...),
		probes("authentication.k8s.io", []string{"tokenreviews"}, "create")...)
	execProbes = probes("", []string{"pods/exec", "pods/attach", "pods/portforward"}, "create", "get")
	rbacProbes = probes("rbac.authorization.k8s.io", []string{"roles", "clusterroles", "rolebindings", "clusterrolebindings"},
		"create", "update", "patch", "delete")
)

// LintPolicy returns the policy's problems, each at the line of the rule
// (or key) responsible.
func LintPolicy(p *Policy) []check.Finding {
	var out []check.Finding
	// Secrets: any rule that may log a body is a leak for some requests.
	byRule := map[int][]probe{}
	for _, pr := range secretProbes {
		ds, _ := p.decide(pr)
		for _, d := range ds {
			if levelRank(p.Rules[d.rule].Level) >= levelRank("Request") {
				byRule[d.rule] = append(byRule[d.rule], pr)
			}
		}
	}
	for _, i := range sortedKeys(byRule) {
		out = append(out, p.finding(PolicySecretBodies, p.levelLines[i], fmt.Sprintf("rule %d logs %s at %s: the credentials in their bodies would be written to the audit log",
			i+1, probeList(byRule[i]), p.Rules[i].Level)))
	}
	out = append(out, p.unlogged(PolicyExecUnlogged, execProbes)...)
	out = append(out, p.unlogged(PolicyRBACUnlogged, rbacProbes)...)
	if !slices.ContainsFunc(p.Rules, func(r PolicyRule) bool { return r.isCatchAll() }) {
		line := p.rulesLine
		if line == 0 {
			line = p.line
		}
		out = append(out, p.finding(PolicyNoCatchAll, line, "no rule matches every request, so requests no rule selects are not logged; end the rules with `- level: Metadata`"))
	}
	if !slices.Contains(p.OmitStages, "RequestReceived") && !allRulesOmit(p.Rules, "RequestReceived") {
		line := p.omitLine
		if line == 0 {
			line = p.line
		}
		out = append(out, p.finding(PolicyRequestReceived, line, "the RequestReceived stage is not omitted: every request is logged twice; add RequestReceived to omitStages"))
	}
	return out
}

// unlogged reports the rules that set None for probes that must be
// logged, and the probes no rule matches.
func (p *Policy) unlogged(m *check.Meta, prs []probe) []check.Finding {
	byRule := map[int][]probe{}
	var unmatched []probe
	for _, pr := range prs {
		ds, matched := p.decide(pr)
		for _, d := range ds {
			if p.Rules[d.rule].Level == "None" {
				byRule[d.rule] = append(byRule[d.rule], pr)
			}
		}
		if !matched {
			unmatched = append(unmatched, pr)
		}
	}
	var out []check.Finding
	for _, i := range sortedKeys(byRule) {
		out = append(out, p.finding(m, p.levelLines[i], fmt.Sprintf("rule %d sets level None for %s: these requests are not logged", i+1, probeList(byRule[i]))))
	}
	if len(unmatched) > 0 {
		line := p.rulesLine
		if line == 0 {
			line = p.line
		}
		out = append(out, p.finding(m, line, fmt.Sprintf("no rule matches every request of %s: those it leaves out are not logged", probeList(unmatched))))
	}
	return out
}

// probeList names probes compactly: "secrets (get, list), pods/exec (create)".
func probeList(prs []probe) string {
	var order []string
	verbs := map[string][]string{}
	for _, pr := range prs {
		r := pr.resource
		if pr.sub != "" {
			r += "/" + pr.sub
		}
		if _, ok := verbs[r]; !ok {
			order = append(order, r)
		}
		if !slices.Contains(verbs[r], pr.verb) {
			verbs[r] = append(verbs[r], pr.verb)
		}
	}
	parts := make([]string, len(order))
	for i, r := range order {
		parts[i] = fmt.Sprintf("%s (%s)", r, strings.Join(verbs[r], ", "))
	}
	return strings.Join(parts, ", ")
}

func allRulesOmit(rules []PolicyRule, stage string) bool {
	if len(rules) == 0 {
		return false
	}
	for _, r := range rules {
		if !slices.Contains(r.OmitStages, stage) {
			return false
		}
	}
	return true
}

func sortedKeys(m map[int][]probe) []int {
	keys := make([]int, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
