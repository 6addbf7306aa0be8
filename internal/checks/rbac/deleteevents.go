package rbac

import (
	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
)

var events = []resource{
	{group: "", name: "events"},
	{group: "events.k8s.io", name: "events"},
}

// DeleteEvents reports rules that delete Events.
var DeleteEvents = &check.Check[*kube.Role]{
	Meta: check.Meta{
		ID:       "rbac-delete-events",
		Title:    "Role can delete Events",
		Severity: check.Low,
		Family:   Family,
		Description: "Events record what happened to objects (scheduling, image pulls, failures); " +
			"deleting them hides an attacker's traces from anyone not collecting audit logs. Low: " +
			"it grants no access, it only erases evidence.",
		Remediation: "Remove delete and deletecollection on events; Events expire on their own.",
		Controls: []check.Control{
			{Framework: check.FrameworkNSA, ID: "rbac"},
			{Framework: check.FrameworkMITRE, ID: "T1070"},
		},
		Peers: check.Peers{
			Kubescape: "C-0031",
		},
	},
	Run: func(p *check.Pass[*kube.Role]) error {
		for _, g := range grants(p.Subject, []string{"delete", "deletecollection"}, events...) {
			p.Reportf(g.path(), "grants %s: can erase the record of what happened %s", g.describe(), scope(p.Subject))
		}
		return nil
	},
}
