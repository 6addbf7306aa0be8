package admission_test

import (
	"testing"

	"github.com/kubeward/kubeward/internal/check/checktest"
	"github.com/kubeward/kubeward/internal/checks/admission"
)

func TestWebhookTimeout(t *testing.T) {
	checktest.Run(t, "testdata/webhook-timeout.yaml", admission.WebhookTimeout)
}
