package images_test

import (
	"testing"

	"github.com/kubeward/kubeward/internal/check/checktest"
	"github.com/kubeward/kubeward/internal/checks/images"
)

func TestPublicMirror(t *testing.T) {
	checktest.Run(t, "testdata/image-from-public-mirror.yaml", withAllowlist(images.PublicMirror, allowlist))
}

func TestPublicMirrorWithoutAllowlist(t *testing.T) {
	if fs, errs := checktest.Evaluate("testdata/image-from-public-mirror.yaml", images.PublicMirror); len(fs)+len(errs) > 0 {
		t.Fatalf("findings %v, errors %v", fs, errs)
	}
}
