package admission_test

import (
	"testing"

	"github.com/kubeward/kubeward/internal/check/checktest"
	"github.com/kubeward/kubeward/internal/checks/admission"
)

func TestWebhookInterceptsOwnNamespace(t *testing.T) {
	checktest.Run(t, "testdata/webhook-intercepts-own-namespace.yaml", admission.WebhookInterceptsOwnNamespace)
}
