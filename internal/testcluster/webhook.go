package testcluster

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
)

// probeLabel selects the objects the readiness probe of
// AddValidatingWebhook creates (dry run only, so none is stored).
const probeLabel = "testcluster.kubeward.dev/webhook-probe"

// webhookReadyTimeout bounds the wait for a configuration to be in force;
// it normally takes milliseconds.
const webhookReadyTimeout = 30 * time.Second

// AddValidatingWebhook creates cfg and returns once the apiserver enforces
// it. The caller deletes the configuration when done with it.
//
// The apiserver learns of webhook configurations through a watch, a moment
// after they are stored. To know that moment without depending on what
// cfg matches, AddValidatingWebhook then creates a sentinel configuration
// whose webhook rejects one probe ConfigMap, and dry-runs creating that
// ConfigMap in namespace "default" until the sentinel rejects it. The watch
// delivers configurations in the order they were stored, so once the
// sentinel is in force cfg is too. A webhook in cfg that rejects every
// ConfigMap in "default" can hide the sentinel's answer and make this time
// out; give such a webhook a namespace selector.
func (c *Cluster) AddValidatingWebhook(ctx context.Context, cfg *admissionregistrationv1.ValidatingWebhookConfiguration) (*admissionregistrationv1.ValidatingWebhookConfiguration, error) {
	cs := c.AdminClient()
	vwcs := cs.AdmissionregistrationV1().ValidatingWebhookConfigurations()
	created, err := vwcs.Create(ctx, cfg, metav1.CreateOptions{})
	if err != nil {
		return nil, fmt.Errorf("create validating webhook configuration %s: %w", cfg.Name, err)
	}
	if err := c.waitWebhooksInForce(ctx, cs); err != nil {
		return created, fmt.Errorf("validating webhook configuration %s: %w", cfg.Name, err)
	}
	return created, nil
}

func (c *Cluster) waitWebhooksInForce(ctx context.Context, cs kubernetes.Interface) error {
	id := randomHex(6)
	webhookName := "sentinel-" + id + ".testcluster.kubeward.dev"
	closed, err := freePorts(1) // nothing listens there: every call fails at once
	if err != nil {
		return err
	}
	none := admissionregistrationv1.SideEffectClassNone
	fail := admissionregistrationv1.Fail
	timeout := int32(2)
	url := "https://" + hostPort(closed[0]) + "/sentinel"
	sentinel := &admissionregistrationv1.ValidatingWebhookConfiguration{
		ObjectMeta: metav1.ObjectMeta{Name: "kubeward-testcluster-sentinel-" + id},
		Webhooks: []admissionregistrationv1.ValidatingWebhook{{
			Name:                    webhookName,
			ClientConfig:            admissionregistrationv1.WebhookClientConfig{URL: &url, CABundle: c.CAPEM()},
			Rules:                   []admissionregistrationv1.RuleWithOperations{configMapCreate},
			ObjectSelector:          &metav1.LabelSelector{MatchLabels: map[string]string{probeLabel: id}},
			SideEffects:             &none,
			FailurePolicy:           &fail,
			TimeoutSeconds:          &timeout,
			AdmissionReviewVersions: []string{"v1"},
		}},
	}
	vwcs := cs.AdmissionregistrationV1().ValidatingWebhookConfigurations()
	if _, err := vwcs.Create(ctx, sentinel, metav1.CreateOptions{}); err != nil {
		return fmt.Errorf("create sentinel webhook: %w", err)
	}
	defer func() {
		// Deleted even when ctx is done: a sentinel left behind would reject
		// nothing but probes, yet clutter every later listing.
		dctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = vwcs.Delete(dctx, sentinel.Name, metav1.DeleteOptions{})
	}()

	probe := &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{
		Name:   "kubeward-testcluster-probe-" + id,
		Labels: map[string]string{probeLabel: id},
	}}
	ctx, cancel := context.WithTimeout(ctx, webhookReadyTimeout)
	defer cancel()
	var last error
	for {
		_, err := cs.CoreV1().ConfigMaps("default").Create(ctx, probe, metav1.CreateOptions{DryRun: []string{metav1.DryRunAll}})
		if err != nil && strings.Contains(err.Error(), webhookName) {
			return nil
		}
		last = err
		select {
		case <-ctx.Done():
			if last == nil {
				last = errors.New("probe admitted")
			}
			return fmt.Errorf("not in force: %w (last probe: %v)", ctx.Err(), last)
		case <-time.After(10 * time.Millisecond):
		}
	}
}

var configMapCreate = admissionregistrationv1.RuleWithOperations{
	Operations: []admissionregistrationv1.OperationType{admissionregistrationv1.Create},
	Rule: admissionregistrationv1.Rule{
		APIGroups:   []string{""},
		APIVersions: []string{"v1"},
		Resources:   []string{"configmaps"},
	},
}
