package secrets_test

import (
	"testing"

	"github.com/kubeward/kubeward/internal/check/checktest"
	"github.com/kubeward/kubeward/internal/checks/secrets"
)

func TestLegacyServiceAccountToken(t *testing.T) {
	checktest.Run(t, "testdata/legacy-service-account-token-secret.yaml", secrets.LegacyServiceAccountToken)
}
