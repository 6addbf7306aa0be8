package rbac

import (
	"slices"
	"strings"

	"github.com/kubeward/kubeward/internal/kube"
)

// Techniques: the first move of an escalation path. Each is reported
// under its own check.
const (
	TechWorkloadCreate = "workload-create" // create pods or pod controllers, run them as a service account
	TechSecretsRead    = "secrets-read"    // read a service account's token Secret
	TechTokenCreate    = "token-create"    // mint a token for a service account
	TechBindEscalate   = "bind-escalate"   // bind or escalate roles
	TechImpersonate    = "impersonate"     // impersonate users, groups or service accounts
	TechNodesProxy     = "nodes-proxy"     // reach the kubelet API
	TechCSRApprove     = "csr-approve"     // approve certificate requests
)

// End is what a path gains.
type End struct {
	Kind      string `json:"kind"`                // cluster-admin, node, namespace-admin, secrets
	Namespace string `json:"namespace,omitempty"` // for namespace-admin and secrets; empty: every namespace
}

// Ends, most severe first.
const (
	EndClusterAdmin   = "cluster-admin"
	EndNode           = "node"
	EndNamespaceAdmin = "namespace-admin"
	EndSecrets        = "secrets"
)

func (e End) rank() int {
	var r int
	switch e.Kind { // most severe first
	case EndClusterAdmin:
		r = 0
	case EndNode:
		r = 2
	case EndNamespaceAdmin:
		r = 4
	case EndSecrets:
		r = 6
	default:
		r = -2
	}
	if e.Namespace != "" {
		r++ // one namespace is less than all of them
	}
	return r
}

// String names the end: "cluster-admin", "node compromise", "secrets of
// namespace \"x\"".
func (e End) String() string {
	where := "every namespace"
	if e.Namespace != "" {
		where = "namespace " + quote(e.Namespace)
	}
	switch e.Kind {
	case EndNode:
		return "node compromise"
	case EndNamespaceAdmin:
		return "admin of " + where
	case EndSecrets:
		return "secrets of " + where
	}
	return e.Kind
}

// Path is one escalation path of a subject, hop by hop.
type Path struct {
	Technique string
	Subject   Subject
	Grant     Permission // what gives the first hop: its binding is where the path is reported
	Hops      []string
	End       End
}

// String spells the path out: hop -> hop => end.
func (p Path) String() string {
	return strings.Join(p.Hops, " -> ") + " => " + p.End.String()
}

// Location is where the subject of the first hop's binding stands.
func (p Path) Location() kube.Location { return p.Grant.Location() }

// Location is where the matching subject stands in its binding.
func (p Permission) Location() kube.Location {
	if p.binding != nil && p.subject < len(p.binding.SubjectLocations) {
		return p.binding.SubjectLocations[p.subject]
	}
	if p.binding != nil {
		return p.binding.Location
	}
	return kube.Location{}
}

// SubjectPath is the field path of the matching subject in its binding.
func (p Permission) SubjectPath() string { return kube.Index("subjects", p.subject) }

// Workload is a workload of the inventory and the service account its
// pods run as.
type Workload struct {
	Ref            kube.Ref
	ServiceAccount string // "default" when the spec names none
}

// TokenSecret is a Secret holding a service account's long-lived token.
type TokenSecret struct {
	Ref            kube.Ref
	ServiceAccount string
}

// Extras is what escalation paths need beyond the RBAC objects.
type Extras struct {
	Workloads       []Workload
	TokenSecrets    []TokenSecret
	ServiceAccounts []kube.Ref // ServiceAccount objects
}

// Expected reports whether a subject is one of Kubernetes' own
// components, which hold powerful rights by design: they are not reported
// as the start of a path (they still count as hops). The list is in
// docs/rbac.md.
func Expected(s Subject, p *Policy) bool {
	switch s.Kind {
	case KindGroup:
		return s.Name == "system:masters" || s.Name == "system:nodes"
	case KindUser:
		return slices.Contains([]string{"system:kube-controller-manager", "system:kube-scheduler",
			"system:apiserver", "system:kube-proxy", "system:volume-scheduler"}, s.Name) ||
			strings.HasPrefix(s.Name, "system:node:")
	case KindServiceAccount:
		// The controller manager's per-controller service accounts, bound
		// by its system:controller:* bindings.
		if s.Namespace != "kube-system" {
			return false
		}
		for _, b := range p.bindings {
			if strings.HasPrefix(b.Ref.Name, "system:controller:") {
				for _, bs := range b.Subjects {
					if n, ok := normalize(bs, b.Ref.Namespace); ok && n == s {
						return true
					}
				}
			}
		}
	}
	return false
}
