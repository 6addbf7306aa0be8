package secrets_test

import (
	"testing"

	"github.com/kubeward/kubeward/internal/check/checktest"
	"github.com/kubeward/kubeward/internal/checks/secrets"
)

func TestSecretInAnnotation(t *testing.T) {
	checktest.Run(t, "testdata/secret-in-annotation.yaml", secrets.SecretInAnnotation)
}
