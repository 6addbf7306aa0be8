package secrets_test

import (
	"testing"

	"github.com/kubeward/kubeward/internal/check/checktest"
	"github.com/kubeward/kubeward/internal/checks/secrets"
)

func TestSecretMountedWidely(t *testing.T) {
	checktest.Run(t, "testdata/secret-mounted-widely.yaml", secrets.SecretMountedWidely)
}
