package rbac

import (
	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
)

var roleResources = []resource{
	{group: rbacGroup, name: "roles"},
	{group: rbacGroup, name: "clusterroles", cluster: true},
}

// impersonable are what the impersonate verb applies to. Users, groups,
// UIDs and extra fields are checked cluster-wide, so only a ClusterRole
// grants them; service accounts are checked in their namespace.
var impersonable = []resource{
	{group: "", name: "users", cluster: true},
	{group: "", name: "groups", cluster: true},
	{group: "", name: "serviceaccounts"},
	{group: "authentication.k8s.io", name: "userextras/*", cluster: true},
	{group: "authentication.k8s.io", name: "uids", cluster: true},
}

// EscalateBindImpersonate reports the verbs that bypass RBAC's own
// privilege-escalation prevention.
var EscalateBindImpersonate = &check.Check[*kube.Role]{
	Meta: check.Meta{
		ID:       "rbac-escalate-bind-impersonate",
		Title:    "Role can escalate, bind or impersonate",
		Severity: check.High,
		Family:   Family,
		Description: "RBAC normally refuses to let a subject grant permissions it does not hold. " +
			"escalate on roles lets it write any rule into a role, bind lets it bind any role, and " +
			"impersonate lets it act as another user, group or service account (system:masters " +
			"included). High: each is a direct path to the permissions of the most privileged " +
			"role in scope.",
		Remediation: "Remove escalate, bind and impersonate; where an operator manages RBAC, " +
			"restrict bind to the roles it hands out with resourceNames.",
		Controls: []check.Control{
			{Framework: check.FrameworkCIS, ID: "5.1.8"},
			{Framework: check.FrameworkNSA, ID: "rbac"},
			{Framework: check.FrameworkMITRE, ID: "T1078"},
			{Framework: check.FrameworkMITRE, ID: "T1098"},
		},
		Peers: check.Peers{
			Kubescape: "C-0191, C-0065",
			Trivy:     "KSV043, KSV050",
			Checkov:   "CKV_K8S_157, CKV_K8S_158",
		},
	},
	Run: func(p *check.Pass[*kube.Role]) error {
		for _, g := range grants(p.Subject, []string{"escalate", "bind"}, roleResources...) {
			p.Reportf(g.path(), "grants %s: lets it grant permissions it does not hold %s", g.describe(), scope(p.Subject))
		}
		for _, g := range grants(p.Subject, []string{"impersonate"}, impersonable...) {
			p.Reportf(g.path(), "grants %s: can act as those identities", g.describe())
		}
		return nil
	},
}
