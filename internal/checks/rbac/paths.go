package rbac

import (
	corev1 "k8s.io/api/core/v1"

	rbacpolicy "github.com/kubeward/kubeward/internal/analysis/rbac"
	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
)

// Escalation paths: each analyzer reports, for every subject the bindings
// name, the most severe path that starts with its technique, hop by hop.
var (
	PathWorkloadCreate = pathCheck(rbacpolicy.TechWorkloadCreate, "Subject can run pods as a more powerful service account",
		"Creating pods, or anything that makes pods (Deployments, Jobs, ...), in a namespace lets the "+
			"subject run them as any service account of that namespace and act with its token.",
		"Do not let subjects create workloads in namespaces whose service accounts hold more than they "+
			"do; move powerful service accounts to namespaces of their own.", "T1078")
	PathSecretsRead = pathCheck(rbacpolicy.TechSecretsRead, "Subject can read a more powerful service account's token",
		"Reading a Secret of type kubernetes.io/service-account-token gives the service account's "+
			"long-lived token, and with it the account's permissions.",
		"Delete long-lived token Secrets (use the TokenRequest API), and narrow Secret reads with "+
			"resourceNames.", "T1528")
	PathTokenCreate = pathCheck(rbacpolicy.TechTokenCreate, "Subject can mint tokens for a more powerful service account",
		"create on serviceaccounts/token issues a token for the service account; creating and reading "+
			"Secrets does too, through a service-account-token Secret the token controller fills in.",
		"Grant serviceaccounts/token only with resourceNames of accounts no more powerful than the "+
			"subject, and keep Secret creation apart from Secret reads.", "T1528")
	PathBindEscalate = pathCheck(rbacpolicy.TechBindEscalate, "Subject can bind or escalate its way to more power",
		"The RBAC API lets a subject grant only what it holds, unless it has bind on the role it "+
			"binds or escalate on the role it edits: with bindings write and bind on cluster-admin or "+
			"admin, or with update and escalate on a role it is bound to, it grants itself anything.",
		"Remove bind and escalate, or restrict them with resourceNames to roles no more powerful "+
			"than the subject.", "T1098")
	PathImpersonate = pathCheck(rbacpolicy.TechImpersonate, "Subject can impersonate a more powerful identity",
		"impersonate on users, groups or serviceaccounts lets the subject act as them; any user "+
			"together with group system:masters is cluster-admin.",
		"Restrict impersonation with resourceNames to identities no more powerful than the subject.", "T1078")
	PathNodesProxy = pathCheck(rbacpolicy.TechNodesProxy, "Subject can reach the kubelet API of every node",
		"nodes/proxy forwards requests to the kubelet, which runs commands in every pod of the node, "+
			"past the API server's audit log and admission.",
		"Remove nodes/proxy; monitoring needs nodes/metrics or nodes/stats.", "T1609")
	PathCSRApprove = pathCheck(rbacpolicy.TechCSRApprove, "Subject can issue itself a system:masters certificate",
		"Creating a CertificateSigningRequest, approving it and approving for the "+
			"kubernetes.io/kube-apiserver-client signer gets a client certificate for any user and "+
			"group, system:masters included.",
		"Keep CSR approval for the signer kubernetes.io/kube-apiserver-client to cluster "+
			"administrators.", "T1078")
)

// pathCheck makes the analyzer of one technique.
func pathCheck(tech, title, what, remediation, mitre string) *check.Analyzer {
	return &check.Analyzer{
		Meta: check.Meta{
			ID:       "rbac-path-" + tech,
			Title:    title,
			Severity: check.High,
			Family:   Family,
			Description: what + " Reported per subject with the path spelled out hop by hop and its end: " +
				"cluster-admin, node compromise, admin of a namespace or the secrets of one. Kubernetes' " +
				"own components (docs/rbac.md) and subjects that are cluster-admin already are not " +
				"reported. Service accounts are named with the workloads that run as them. High: each " +
				"path turns a lesser grant into the power at its end.",
			Remediation: remediation,
			Controls: []check.Control{
				{Framework: check.FrameworkNSA, ID: "rbac"},
				{Framework: check.FrameworkMITRE, ID: mitre},
			},
		},
		Kinds:   pathKinds(),
		Collect: collectPathFacts,
		// The seven path checks read the same inventory, and the search
		// over a large one is worth doing once, not seven times.
		Shares:  "rbac-paths",
		Prepare: func(facts []check.Fact) any { return allPaths(facts) },
		AnalyzePrepared: func(v any, report func(*kube.Object, check.Finding)) {
			analyzePaths(tech, v.(*pathSet), report)
		},
	}
}

func pathKinds() []string {
	kinds := []string{"Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding", "ServiceAccount", "Secret"}
	for _, k := range []string{"Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job", "CronJob"} {
		kinds = append(kinds, k)
	}
	return kinds
}

// collectPathFacts keeps the RBAC objects, the service account each
// workload runs as, ServiceAccounts and token Secrets.
func collectPathFacts(o *kube.Object) ([]check.Fact, error) {
	fact := func(v any) []check.Fact { return []check.Fact{{Object: check.Shell(o), Value: v}} }
	switch {
	case rbacpolicy.IsRBAC(o.APIVersion, o.Kind):
		inv := &rbacpolicy.Inventory{}
		if err := inv.AddObject(o); err != nil {
			return nil, err
		}
		return fact(inv), nil
	case o.Kind == "ServiceAccount" && o.APIVersion == "v1":
		return fact(o.Ref), nil
	case o.Kind == "Secret" && o.APIVersion == "v1":
		s, err := kube.Decode[corev1.Secret](o)
		if err != nil || s.Type != corev1.SecretTypeServiceAccountToken {
			return nil, err
		}
		sa := s.Annotations[corev1.ServiceAccountNameKey]
		if sa == "" {
			return nil, nil
		}
		return fact(rbacpolicy.TokenSecret{Ref: o.Ref, ServiceAccount: sa}), nil
	}
	w, err := o.Workload()
	if err != nil || w == nil || o.Kind == "PodTemplate" {
		return nil, err
	}
	sa := w.Spec.ServiceAccountName
	if sa == "" {
		sa = w.Spec.DeprecatedServiceAccount
	}
	if sa == "" {
		sa = "default"
	}
	return fact(rbacpolicy.Workload{Ref: o.Ref, ServiceAccount: sa}), nil
}

func analyzePaths(tech string, ps *pathSet, report func(*kube.Object, check.Finding)) {
	for _, p := range ps.paths {
		if p.Technique != tech {
			continue
		}
		obj, ok := ps.bindings[p.Grant.Binding]
		if !ok {
			continue
		}
		report(obj, check.Finding{Path: p.Grant.SubjectPath(), Location: p.Location(), Message: p.String()})
	}
}

// pathSet is every escalation path of an inventory and the binding objects
// they start from.
type pathSet struct {
	paths    []rbacpolicy.Path
	bindings map[kube.Ref]*kube.Object
}

// allPaths searches the inventory for escalation paths.
func allPaths(facts []check.Fact) *pathSet {
	inv := &rbacpolicy.Inventory{}
	var x rbacpolicy.Extras
	bindings := map[kube.Ref]*kube.Object{}
	for _, f := range facts {
		switch v := f.Value.(type) {
		case *rbacpolicy.Inventory:
			inv.Add(v)
			if len(v.Bindings) > 0 {
				if _, dup := bindings[f.Object.Ref]; !dup {
					bindings[f.Object.Ref] = f.Object
				}
			}
		case kube.Ref:
			x.ServiceAccounts = append(x.ServiceAccounts, v)
		case rbacpolicy.TokenSecret:
			x.TokenSecrets = append(x.TokenSecrets, v)
		case rbacpolicy.Workload:
			x.Workloads = append(x.Workloads, v)
		}
	}
	var paths []rbacpolicy.Path
	if len(inv.Bindings) > 0 {
		paths = rbacpolicy.NewPolicy(inv).Paths(x)
	}
	return &pathSet{paths, bindings}
}
