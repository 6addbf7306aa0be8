package kube

import (
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// Webhooks is a Validating- or MutatingWebhookConfiguration reduced to the
// fields both kinds share, so one check covers both.
type Webhooks struct {
	Object   *Object
	Mutating bool
	Webhooks []Webhook
}

// Webhook is one webhook of a configuration; Path is its field path.
type Webhook struct {
	Name              string
	Path              string
	ClientConfig      admissionregistrationv1.WebhookClientConfig
	Rules             []admissionregistrationv1.RuleWithOperations
	FailurePolicy     *admissionregistrationv1.FailurePolicyType
	NamespaceSelector *metav1.LabelSelector
	ObjectSelector    *metav1.LabelSelector
	TimeoutSeconds    *int32
}

func webhooksSubject(o *Object) ([]any, error) {
	w := &Webhooks{Object: o, Mutating: o.Kind == "MutatingWebhookConfiguration"}
	if w.Mutating {
		c, err := Decode[admissionregistrationv1.MutatingWebhookConfiguration](o)
		if err != nil {
			return nil, err
		}
		for i, h := range c.Webhooks {
			w.Webhooks = append(w.Webhooks, Webhook{h.Name, Index("webhooks", i), h.ClientConfig, h.Rules,
				h.FailurePolicy, h.NamespaceSelector, h.ObjectSelector, h.TimeoutSeconds})
		}
	} else {
		c, err := Decode[admissionregistrationv1.ValidatingWebhookConfiguration](o)
		if err != nil {
			return nil, err
		}
		for i, h := range c.Webhooks {
			w.Webhooks = append(w.Webhooks, Webhook{h.Name, Index("webhooks", i), h.ClientConfig, h.Rules,
				h.FailurePolicy, h.NamespaceSelector, h.ObjectSelector, h.TimeoutSeconds})
		}
	}
	return []any{w}, nil
}
