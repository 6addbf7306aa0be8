package audit

import (
	"fmt"

	"github.com/kubeward/kubeward/internal/check"
)

// credentialIssuers are the components that request tokens and
// certificates for others as their job: kubelets for their pods' projected
// tokens, bootstrapping nodes and the controllers.
var credentialIssuers = []string{"system:node:*", "system:bootstrap:*", "group:system:bootstrappers", "group:system:nodes",
	"system:kube-controller-manager", "system:serviceaccount:kube-system:*"}

// TokenRequest reports service-account tokens minted through the API: a
// token for someone else's service account is a credential that works
// from anywhere until it expires.
var TokenRequest = &Detector{
	Meta: check.Meta{
		ID: "audit-token-request", Title: "Service-account token requested", Severity: check.Medium, Family: "audit",
		Description: "Reports successful creates of serviceaccounts/token (the TokenRequest API) by anyone but kubelets and " +
			"Kubernetes' controllers. Each requester and service account is reported once per repeat window.",
		Remediation: "Confirm who needed the token and for how long; take away create on serviceaccounts/token from users who should not mint credentials.",
		Controls:    []check.Control{{Framework: check.FrameworkMITRE, ID: "T1528"}},
	},
	Trusted:  credentialIssuers,
	Tunables: []string{"trusted", "repeatWindow"},
	New: func(*Settings) Observer {
		return func(ev *Event, out *Out) {
			o := ev.ObjectRef
			if o == nil || o.Resource != "serviceaccounts" || o.Subresource != "token" || ev.Verb != "create" || !ev.Allowed() {
				return
			}
			out.ReportOnce(ev.User.Username+" "+o.Namespace+"/"+o.Name, ev.Time(), Alert{
				Object: objectRef(ev), Events: []EventRef{refOf(ev)},
				Message: fmt.Sprintf("user %q requested a token for service account %q from %s", ev.User.Username, o.Namespace+"/"+o.Name, sourceIPsOf([]EventRef{refOf(ev)})),
			})
		}
	},
}

// CertificateSigning reports CertificateSigningRequests created or
// approved: an approved client certificate is a credential the cluster
// cannot revoke before it expires.
var CertificateSigning = &Detector{
	Meta: check.Meta{
		ID: "audit-certificate-signing", Title: "CertificateSigningRequest created or approved", Severity: check.Medium, Family: "audit",
		Description: "Reports successful creates of CertificateSigningRequests and updates of their approval by anyone but nodes, " +
			"bootstrap tokens and Kubernetes' controllers. A client certificate signed by the cluster CA stays valid until it " +
			"expires: Kubernetes has no certificate revocation.",
		Remediation: "Check the request's subject and signer; deny or delete unexpected requests and restrict create and approve on certificatesigningrequests.",
		Controls:    []check.Control{{Framework: check.FrameworkMITRE, ID: "T1649"}},
	},
	Trusted:  credentialIssuers,
	Tunables: []string{"trusted"},
	New: func(*Settings) Observer {
		return func(ev *Event, out *Out) {
			o := ev.ObjectRef
			if o == nil || o.Resource != "certificatesigningrequests" || o.APIGroup != "certificates.k8s.io" || !ev.Allowed() {
				return
			}
			var what string
			switch {
			case o.Subresource == "" && ev.Verb == "create":
				what = "created"
			case o.Subresource == "approval" && (ev.Verb == "update" || ev.Verb == "patch"):
				what = "approved or denied"
			default:
				return
			}
			out.Report(Alert{
				Object: objectRef(ev), Events: []EventRef{refOf(ev)},
				Message: fmt.Sprintf("user %q %s CertificateSigningRequest %q from %s", ev.User.Username, what, o.Name, sourceIPsOf([]EventRef{refOf(ev)})),
			})
		}
	},
}
