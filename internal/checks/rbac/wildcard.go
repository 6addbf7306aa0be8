package rbac

import (
	"strconv"
	"strings"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
)

// Wildcard reports "*" in a resource rule's verbs, resources or apiGroups.
var Wildcard = &check.Check[*kube.Role]{
	Meta: check.Meta{
		ID:       "rbac-wildcard",
		Title:    "Wildcard in RBAC rule",
		Severity: check.Medium,
		Family:   Family,
		Description: "A \"*\" in a rule's verbs, resources or apiGroups grants more than anyone listed, " +
			"including verbs, resources and API groups (CRDs) added later. Medium: a wildcard is not " +
			"in itself a takeover; the specific dangerous grants it reaches (secrets, exec, escalate, " +
			"\"*\" on \"*\" bound as cluster-admin) are reported by their own checks at higher severity.",
		Remediation: "List the verbs, resources and API groups the subject needs instead of \"*\".",
		Controls: []check.Control{
			{Framework: check.FrameworkCIS, ID: "5.1.3"},
			{Framework: check.FrameworkNSA, ID: "rbac"},
			{Framework: check.FrameworkMITRE, ID: "T1078"},
		},
		Peers: check.Peers{
			KubeLinter: "wildcard-in-rules",
			Kubescape:  "C-0187",
			Trivy:      "KSV044, KSV045, KSV046",
			Checkov:    "CKV_K8S_49",
		},
	},
	Run: func(p *check.Pass[*kube.Role]) error {
		for i, rule := range resourceRules(p.Subject) {
			if len(rule.Resources) == 0 {
				continue // a nonResourceURLs rule
			}
			at := kube.Index("rules", i)
			for j, v := range rule.Verbs {
				if v == "*" {
					p.Reportf(kube.Index(kube.Key(at, "verbs"), j),
						`verbs "*" grants every verb, including ones added later, on %s`, quoteList(rule.Resources))
				}
			}
			for j, r := range rule.Resources {
				switch {
				case r == "*":
					p.Reportf(kube.Index(kube.Key(at, "resources"), j),
						`resources "*" grants every resource of apiGroups %s, including ones added later`, quoteList(rule.APIGroups))
				case strings.HasPrefix(r, "*/"):
					p.Reportf(kube.Index(kube.Key(at, "resources"), j),
						`resources %s grants the %s subresource of every resource of apiGroups %s`, strconv.Quote(r), r[2:], quoteList(rule.APIGroups))
				}
			}
			for j, g := range rule.APIGroups {
				if g == "*" {
					p.Reportf(kube.Index(kube.Key(at, "apiGroups"), j),
						`apiGroups "*" grants %s in every API group, including CRDs added later`, quoteList(rule.Resources))
				}
			}
		}
		return nil
	},
}
