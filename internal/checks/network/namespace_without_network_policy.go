package network

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"

	"github.com/kubeward/kubeward/internal/analysis/selectors"
	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
)

// NamespaceWithoutNetworkPolicy reports workloads whose pods no
// NetworkPolicy of the same scan isolates for ingress.
var NamespaceWithoutNetworkPolicy = &check.Analyzer{
	Meta: check.Meta{
		ID:       "namespace-without-network-policy",
		Title:    "Pods not isolated by a NetworkPolicy",
		Severity: check.Medium,
		Family:   Family,
		Description: "Pods that no NetworkPolicy selects accept connections from every pod in the " +
			"cluster, so one compromised pod can reach them all. For each workload of the scan, " +
			"the check looks for a NetworkPolicy of the same scan and namespace whose podSelector " +
			"matches the workload's pod labels (an empty podSelector matches all) and whose " +
			"policyTypes include Ingress: a policy with policyTypes [Egress] only does not " +
			"restrict who connects to the pods, and the check requires ingress isolation. It " +
			"reports once per unisolated workload, on its pod labels, since that is where a fix " +
			"or an exception goes. Objects without a namespace count as in \"default\", where " +
			"kubectl would create them. Pods with hostNetwork are skipped (NetworkPolicy does " +
			"not apply to them; host-namespaces reports them), Jobs and CronJobs (batch pods " +
			"that rarely accept connections), and objects whose " +
			"controller is in the scan (a ReplicaSet of a Deployment). A namespace with no " +
			"workloads in the scan is not reported.",
		Remediation: "Add a default-deny NetworkPolicy (podSelector: {}, policyTypes: [Ingress, " +
			"Egress]) to the namespace, then policies that allow the traffic each workload needs.",
		Controls: []check.Control{
			{Framework: check.FrameworkCIS, ID: "5.3.2"},
			{Framework: check.FrameworkNSA, ID: "network-policies"},
			{Framework: check.FrameworkMITRE, ID: "T1210"},
		},
		Peers: check.Peers{
			KubeLinter: "non-isolated-pod",
			Polaris:    "missingNetworkPolicy",
			Kubescape:  "C-0260",
			Checkov:    "CKV2_K8S_6",
		},
	},
	// Jobs and CronJobs run to completion and rarely listen: isolating them
	// buys little, so they are left out to keep the findings on servers.
	Kinds: []string{"Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet",
		"ReplicationController", "NetworkPolicy"},
	Collect: collectIsolation,
	Analyze: analyzeIsolation,
}

// podsFact is a workload's pods as NetworkPolicies see them.
type podsFact struct {
	namespace string
	labels    labels.Set
	owner     objectKey // the controlling owner, if any
	path      string    // the pod labels
	location  kube.Location
}

// policyFact is what isolation needs of a NetworkPolicy.
type policyFact struct {
	namespace string
	name      string
	selector  labels.Selector
	ingress   bool
}

type objectKey struct{ namespace, kind, name string }

// namespaceOf places objects without a namespace in "default".
func namespaceOf(o *kube.Object) string {
	if o.Namespace == "" {
		return "default"
	}
	return o.Namespace
}

func collectIsolation(o *kube.Object) ([]check.Fact, error) {
	if o.Kind == "NetworkPolicy" {
		np, err := kube.Decode[networkingv1.NetworkPolicy](o)
		if err != nil {
			return nil, err
		}
		if np = networkPolicy(o, np); np == nil {
			return nil, nil
		}
		sel, err := metav1.LabelSelectorAsSelector(&np.Spec.PodSelector)
		if err != nil {
			sel = labels.Nothing() // the API server refuses such a policy
		}
		ingress, _ := policyDirections(&np.Spec)
		return []check.Fact{{Object: check.Shell(o), Value: policyFact{namespaceOf(o), o.Name, sel, ingress}}}, nil
	}
	w, err := o.Workload()
	if err != nil || w == nil || w.Spec.HostNetwork {
		return nil, err
	}
	f := podsFact{namespace: namespaceOf(o), labels: labels.Set(w.PodMeta.Labels), path: w.MetaPath + ".labels"}
	if ref := metav1.GetControllerOfNoCopy(&o.Meta); ref != nil {
		f.owner = objectKey{f.namespace, ref.Kind, ref.Name}
	}
	f.location = o.Locate(f.path)
	return []check.Fact{{Object: check.Shell(o), Value: f}}, nil
}

func analyzeIsolation(facts []check.Fact, report func(*kube.Object, check.Finding)) {
	policies := selectors.ByNamespace[policyFact]{}
	inScan := map[objectKey]bool{}
	for _, f := range facts {
		switch v := f.Value.(type) {
		case policyFact:
			policies.Add(v.namespace, v.selector, v)
		case podsFact:
			inScan[objectKey{v.namespace, f.Object.Kind, f.Object.Name}] = true
		}
	}
	// Workloads with the same labels in a namespace get the same verdict;
	// computing it once per label set keeps a namespace of thousands of
	// workloads and policies from costing their product.
	verdicts := map[string]string{}
	var key []byte
	for _, f := range facts {
		pods, ok := f.Value.(podsFact)
		if !ok || pods.owner.kind != "" && inScan[pods.owner] {
			continue
		}
		key = verdictKey(key[:0], pods)
		msg, seen := verdicts[string(key)]
		if !seen {
			msg = isolation(pods, policies[pods.namespace])
			verdicts[string(key)] = msg
		}
		if msg != "" {
			report(f.Object, check.Finding{Path: pods.path, Message: msg, Location: pods.location})
		}
	}
}

// verdictKey appends the namespace and sorted labels of the pods to b:
// pods with the same key get the same verdict. A lookup with it allocates
// nothing; only a new verdict's key is copied.
func verdictKey(b []byte, pods podsFact) []byte {
	b = append(b, pods.namespace...)
	for _, k := range slices.Sorted(maps.Keys(pods.labels)) {
		b = append(append(append(append(b, 0), k...), 0), pods.labels[k]...)
	}
	return b
}

// isolation says why the pods are not isolated for ingress, or "" when a
// policy isolates them.
func isolation(pods podsFact, policies *selectors.Index[policyFact]) string {
	if policies == nil {
		return fmt.Sprintf("namespace %q has no NetworkPolicy: these pods accept connections from any pod", pods.namespace)
	}
	var egressOnly []string
	for p := range policies.Matching(pods.labels) {
		if p.ingress {
			return ""
		}
		egressOnly = append(egressOnly, fmt.Sprintf("%q", p.name))
	}
	if len(egressOnly) > 0 {
		sort.Strings(egressOnly)
		return fmt.Sprintf("only egress NetworkPolicies select these pods (%s): who may connect to them is not restricted",
			strings.Join(egressOnly, ", "))
	}
	return fmt.Sprintf("no NetworkPolicy in namespace %q selects these pods (%s): they accept connections from any pod",
		pods.namespace, describeLabels(pods.labels))
}

func describeLabels(l labels.Set) string {
	if len(l) == 0 {
		return "no labels"
	}
	return "labels " + l.String()
}
