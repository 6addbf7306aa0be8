package admission_test

import (
	"testing"

	"github.com/kubeward/kubeward/internal/check/checktest"
	"github.com/kubeward/kubeward/internal/checks/admission"
)

func TestWebhookMatchesKubeSystem(t *testing.T) {
	checktest.Run(t, "testdata/webhook-matches-kube-system.yaml", admission.WebhookMatchesKubeSystem)
}
