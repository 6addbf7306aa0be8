package workload

import (
	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/imageref"
	"github.com/kubeward/kubeward/internal/kube"
)

// ImageNotPinned reports images referenced by tag instead of by digest.
var ImageNotPinned = &check.Check[kube.Container]{
	Meta: check.Meta{
		ID:       "image-not-pinned-by-digest",
		Title:    "Image not pinned by digest",
		Severity: check.Low,
		Family:   Family,
		Description: "The container image is not referenced by a digest (image@sha256:...). Tags can be moved: " +
			"whoever controls the registry or the repository can make the same manifest run different " +
			"content, and nodes that pulled at different times may run different images. Only a digest " +
			"names the exact content that was reviewed and scanned.",
		Remediation: "Reference the image by digest, for example registry.example.com/app:1.4.2@sha256:<digest>, " +
			"and let a dependency bot or the release pipeline update it.",
		Controls: []check.Control{
			{Framework: check.FrameworkCIS, ID: "5.5.1"},
			{Framework: check.FrameworkNSA, ID: "secure-images"},
			{Framework: check.FrameworkMITRE, ID: "T1525"},
		},
		Peers: check.Peers{Kubescape: "C-0306", Checkov: "CKV_K8S_43"},
	},
	Run: func(p *check.Pass[kube.Container]) error {
		c := p.Subject
		if imageref.Unresolved(c.Image) {
			return nil
		}
		ref := imageref.Parse(c.Image)
		switch {
		case ref.Pinned():
		case ref.Digest != "":
			p.Reportf(c.Path+".image", "%s uses image %q whose digest is not a valid algorithm:hex digest", c.Describe(), c.Image)
		default:
			p.Reportf(c.Path+".image", "%s uses image %q, which is not pinned by digest", c.Describe(), c.Image)
		}
		return nil
	},
}
