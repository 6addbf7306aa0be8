package rbac

import (
	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
)

var (
	csrApproval = resource{group: "certificates.k8s.io", name: "certificatesigningrequests/approval", cluster: true}
	signers     = resource{group: "certificates.k8s.io", name: "signers", cluster: true}
)

// CSRApproval reports rules that approve CertificateSigningRequests.
var CSRApproval = &check.Check[*kube.Role]{
	Meta: check.Meta{
		ID:       "rbac-csr-approval",
		Title:    "Role can approve certificate signing requests",
		Severity: check.High,
		Family:   Family,
		Description: "update or patch on certificatesigningrequests/approval, together with approve " +
			"on a signer, approves CSRs: with the kubernetes.io/kube-apiserver-client signer that " +
			"is a client certificate for any user or group, system:masters included. High: the " +
			"approval subresource is the gate the whole signing process relies on.",
		Remediation: "Keep CSR approval with the controller manager; if an approver is needed, " +
			"limit its approve verb on signers to the signer it serves with resourceNames.",
		Controls: []check.Control{
			{Framework: check.FrameworkCIS, ID: "5.1.11"},
			{Framework: check.FrameworkNSA, ID: "rbac"},
			{Framework: check.FrameworkMITRE, ID: "T1649"},
		},
		Peers: check.Peers{
			Kubescape: "C-0280",
			Checkov:   "CKV_K8S_156",
		},
	},
	Run: func(p *check.Pass[*kube.Role]) error {
		approvals := grants(p.Subject, []string{"update", "patch"}, csrApproval)
		if len(approvals) == 0 {
			return nil
		}
		signer := "the role grants no approve on signers; another role must"
		if sg := grants(p.Subject, []string{"approve"}, signers); len(sg) > 0 {
			signer = "with approve on signers" + sg[0].detail() + " it approves certificates on its own"
			if len(sg[0].names) == 0 {
				signer += ", for every signer including kube-apiserver-client"
			}
		}
		for _, g := range approvals {
			p.Reportf(g.path(), "grants %s: can approve certificate signing requests (%s)", g.describe(), signer)
		}
		return nil
	},
}
