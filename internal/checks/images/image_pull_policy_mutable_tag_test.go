package images_test

import (
	"testing"

	"github.com/kubeward/kubeward/internal/check/checktest"
	"github.com/kubeward/kubeward/internal/checks/images"
)

func TestPullPolicyMutableTag(t *testing.T) {
	checktest.Run(t, "testdata/image-pull-policy-mutable-tag.yaml", images.PullPolicyMutableTag)
}
