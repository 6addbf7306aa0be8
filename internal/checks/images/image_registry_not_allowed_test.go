package images_test

import (
	"testing"

	"github.com/kubeward/kubeward/internal/check/checktest"
	"github.com/kubeward/kubeward/internal/checks/images"
)

func TestRegistryNotAllowed(t *testing.T) {
	checktest.Run(t, "testdata/image-registry-not-allowed.yaml", withAllowlist(images.RegistryNotAllowed, allowlist))
}

// Without an allowlist every registry is allowed.
func TestRegistryNotAllowedWithoutAllowlist(t *testing.T) {
	if fs, errs := checktest.Evaluate("testdata/image-registry-not-allowed.yaml", images.RegistryNotAllowed); len(fs)+len(errs) > 0 {
		t.Fatalf("findings %v, errors %v", fs, errs)
	}
}
