package workload

import (
	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/imageref"
	"github.com/kubeward/kubeward/internal/kube"
)

// LatestImageTag reports images that run whatever "latest" points at.
var LatestImageTag = &check.Check[kube.Container]{
	Meta: check.Meta{
		ID:       "latest-image-tag",
		Title:    "Image uses the latest tag",
		Severity: check.Medium,
		Family:   Family,
		Description: "The container image has the tag \"latest\", or neither a tag nor a digest, which means " +
			"\"latest\". What runs then depends on when each node pulled the image: versions drift between " +
			"replicas, a rollback cannot return to a known image, and whoever can push to the repository " +
			"changes the workload without a change to the manifest. An image pinned by digest is not " +
			"reported, whatever its tag.",
		Remediation: "Use an immutable version tag, or better a digest (image@sha256:...), and update it " +
			"through a reviewed change.",
		Controls: []check.Control{
			{Framework: check.FrameworkNSA, ID: "secure-images"},
			{Framework: check.FrameworkMITRE, ID: "T1525"},
		},
		Peers: check.Peers{KubeLinter: "latest-tag", Polaris: "tagNotSpecified", Trivy: "KSV013", Checkov: "CKV_K8S_14"},
	},
	Run: func(p *check.Pass[kube.Container]) error {
		c := p.Subject
		if imageref.Unresolved(c.Image) {
			return nil
		}
		ref := imageref.Parse(c.Image)
		switch {
		case ref.Digest != "":
		case ref.Tag == "":
			p.Reportf(c.Path+".image", "%s uses image %q with no tag, which means \"latest\"", c.Describe(), c.Image)
		case ref.Tag == "latest":
			p.Reportf(c.Path+".image", "%s uses image %q with the mutable \"latest\" tag", c.Describe(), c.Image)
		}
		return nil
	},
}
