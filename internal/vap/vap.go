// Package vap turns the built-in checks that CEL can express exactly into
// Kubernetes ValidatingAdmissionPolicies and their bindings
// (admissionregistration.k8s.io/v1), so the API server itself enforces
// them with no webhook in the request path.
package vap

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	admissionv1 "k8s.io/api/admissionregistration/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/yaml"

	"github.com/kubeward/kubeward/internal/check"
)

// Options shape the generated objects.
type Options struct {
	// NamespaceSelector picks the namespaces the bindings apply in; nil
	// means every namespace but kube-system.
	NamespaceSelector *metav1.LabelSelector
	// Action is what the API server does on a violation: Deny, Warn or
	// Audit.
	Action admissionv1.ValidationAction
}

// NamePrefix starts the name of every generated object.
const NamePrefix = "kubeward-"

// Unsupported is a built-in check with no generated policy.
type Unsupported struct {
	Check  string
	Reason string
}

// Generate returns the policies and bindings of every rule whose check is
// in all, as a multi-document YAML stream headed by comments listing the
// checks it could not express, and that list.
func Generate(all []check.Runner, opts Options) ([]byte, []Unsupported, error) {
	switch opts.Action {
	case admissionv1.Deny, admissionv1.Warn, admissionv1.Audit:
	case "":
		opts.Action = admissionv1.Deny
	default:
		return nil, nil, fmt.Errorf("action %q is not Deny, Warn or Audit", opts.Action)
	}
	sel := opts.NamespaceSelector
	if sel == nil {
		sel = &metav1.LabelSelector{MatchExpressions: []metav1.LabelSelectorRequirement{{
			Key: "kubernetes.io/metadata.name", Operator: metav1.LabelSelectorOpNotIn, Values: []string{"kube-system"}}}}
	}
	byID := map[string]Rule{}
	for _, r := range Rules {
		byID[r.Check] = r
	}
	var out bytes.Buffer
	var rules []Rule
	var unsupported []Unsupported
	for _, r := range all {
		id := r.Info().ID
		if rule, ok := byID[id]; ok {
			rules = append(rules, rule)
			continue
		}
		unsupported = append(unsupported, Unsupported{Check: id, Reason: reason(r)})
	}
	slices.SortFunc(unsupported, func(a, b Unsupported) int { return strings.Compare(a.Check, b.Check) })
	fmt.Fprintf(&out, "# ValidatingAdmissionPolicies for %d kubeward checks, enforced by the API server on Pods.\n", len(rules))
	fmt.Fprintf(&out, "# %d checks are not generated; kubeward admission serve runs them:\n", len(unsupported))
	for _, u := range unsupported {
		fmt.Fprintf(&out, "#   %s: %s\n", u.Check, u.Reason)
	}
	for _, r := range rules {
		for _, obj := range []any{Policy(r), Binding(r, sel, opts.Action)} {
			b, err := yaml.Marshal(obj)
			if err != nil {
				return nil, nil, err
			}
			out.WriteString("---\n")
			out.Write(b)
		}
	}
	return out.Bytes(), unsupported, nil
}

// reason says why a check has no policy.
func reason(r check.Runner) string {
	switch r.(type) {
	case *check.Analyzer:
		return "looks at other objects of the inventory"
	case *check.External:
		return "a custom policy"
	}
	return "not translated to CEL"
}

// Policy is the ValidatingAdmissionPolicy of one rule.
func Policy(r Rule) *admissionv1.ValidatingAdmissionPolicy {
	fail := admissionv1.Fail
	forbidden := metav1.StatusReasonForbidden
	p := &admissionv1.ValidatingAdmissionPolicy{
		TypeMeta:   metav1.TypeMeta{APIVersion: "admissionregistration.k8s.io/v1", Kind: "ValidatingAdmissionPolicy"},
		ObjectMeta: metav1.ObjectMeta{Name: NamePrefix + r.Check, Labels: map[string]string{"app.kubernetes.io/managed-by": "kubeward"}},
		Spec: admissionv1.ValidatingAdmissionPolicySpec{
			FailurePolicy: &fail,
			MatchConstraints: &admissionv1.MatchResources{ResourceRules: []admissionv1.NamedRuleWithOperations{{
				RuleWithOperations: admissionv1.RuleWithOperations{
					Operations: []admissionv1.OperationType{admissionv1.Create, admissionv1.Update},
					Rule:       admissionv1.Rule{APIGroups: []string{""}, APIVersions: []string{"v1"}, Resources: []string{"pods"}},
				},
			}}},
			Validations: []admissionv1.Validation{{
				Expression: r.Expression, MessageExpression: r.MessageExpression, Reason: &forbidden,
			}},
		},
	}
	for _, v := range variables {
		p.Spec.Variables = append(p.Spec.Variables, admissionv1.Variable{Name: v[0], Expression: v[1]})
	}
	return p
}

// Binding binds one rule's policy in the selected namespaces.
func Binding(r Rule, sel *metav1.LabelSelector, action admissionv1.ValidationAction) *admissionv1.ValidatingAdmissionPolicyBinding {
	return &admissionv1.ValidatingAdmissionPolicyBinding{
		TypeMeta:   metav1.TypeMeta{APIVersion: "admissionregistration.k8s.io/v1", Kind: "ValidatingAdmissionPolicyBinding"},
		ObjectMeta: metav1.ObjectMeta{Name: NamePrefix + r.Check, Labels: map[string]string{"app.kubernetes.io/managed-by": "kubeward"}},
		Spec: admissionv1.ValidatingAdmissionPolicyBindingSpec{
			PolicyName:        NamePrefix + r.Check,
			MatchResources:    &admissionv1.MatchResources{NamespaceSelector: sel},
			ValidationActions: []admissionv1.ValidationAction{action},
		},
	}
}
