package admission_test

import (
	"testing"

	"github.com/kubeward/kubeward/internal/check/checktest"
	"github.com/kubeward/kubeward/internal/checks/admission"
)

func TestWebhookFailurePolicyIgnore(t *testing.T) {
	checktest.Run(t, "testdata/webhook-failure-policy-ignore.yaml", admission.WebhookFailurePolicyIgnore)
}
