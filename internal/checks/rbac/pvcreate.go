package rbac

import (
	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
)

var persistentVolumes = resource{group: "", name: "persistentvolumes", cluster: true}

// PersistentVolumeCreate reports rules that create PersistentVolumes.
var PersistentVolumeCreate = &check.Check[*kube.Role]{
	Meta: check.Meta{
		ID:       "rbac-persistentvolume-create",
		Title:    "Role can create PersistentVolumes",
		Severity: check.Medium,
		Family:   Family,
		Description: "A PersistentVolume can be a hostPath: whoever creates one and can claim it " +
			"from a pod mounts the node's file system, bypassing pod security admission's " +
			"hostPath rule. Medium: it also takes a claim and a pod to exploit; storage " +
			"provisioners hold it legitimately.",
		Remediation: "Let a storage provisioner create PersistentVolumes from StorageClasses; " +
			"remove create on persistentvolumes from other subjects.",
		Controls: []check.Control{
			{Framework: check.FrameworkCIS, ID: "5.1.9"},
			{Framework: check.FrameworkNSA, ID: "rbac"},
			{Framework: check.FrameworkMITRE, ID: "T1611"},
		},
		Peers: check.Peers{
			Kubescape: "C-0278",
		},
	},
	Run: func(p *check.Pass[*kube.Role]) error {
		for _, g := range grants(p.Subject, []string{"create"}, persistentVolumes) {
			p.Reportf(g.path(), "grants %s: a hostPath PersistentVolume mounts a node's file system", g.describe())
		}
		return nil
	},
}
