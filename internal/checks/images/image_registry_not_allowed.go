package images

import (
	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/imageref"
	"github.com/kubeward/kubeward/internal/kube"
)

// RegistryNotAllowed reports images from registries outside the configured
// allowlist.
var RegistryNotAllowed = &check.Check[kube.Container]{
	Meta: check.Meta{
		ID:       "image-registry-not-allowed",
		Title:    "Image from a registry that is not allowed",
		Severity: check.Medium,
		Family:   Family,
		Description: "When images.allowedRegistries is set in .kubeward.yaml, the container image must come " +
			"from one of its entries: a registry host (\"registry.example.com\", \"localhost:5000\") or a " +
			"host and path prefix (\"docker.io/bitnami\", \"ghcr.io/example-org\"), matched at path " +
			"boundaries. Image names are normalised as container runtimes resolve them: a name without a " +
			"registry is on docker.io, a single-component Docker Hub name is under docker.io/library, and " +
			"index.docker.io is docker.io. Images from elsewhere have not gone through the organisation's " +
			"registry, its scanning and its access control, and may be anyone's. Templated images " +
			"(${VAR}, {{ }}) are not judged. Without an allowlist the check reports nothing.",
		Remediation: "Pull the image through an allowed registry (mirror or proxy it there), or add its " +
			"registry to images.allowedRegistries after review.",
		Controls: []check.Control{
			{Framework: check.FrameworkCIS, ID: "5.5.1"},
			{Framework: check.FrameworkNSA, ID: "secure-images"},
			{Framework: check.FrameworkMITRE, ID: "T1525"},
			{Framework: check.FrameworkMITRE, ID: "T1610"},
		},
		Peers: check.Peers{Kubescape: "C-0078", Trivy: "KSV0125"},
	},
	Run: func(p *check.Pass[kube.Container]) error {
		c := p.Subject
		allow := p.Settings.AllowedRegistries
		if len(allow) == 0 || imageref.Unresolved(c.Image) {
			return nil
		}
		host, repo := imageref.Parse(c.Image).Registry()
		if _, ok := allowedBy(allow, host, repo); !ok {
			p.Reportf(c.Path+".image", "%s uses image %q from %s/%s, which images.allowedRegistries does not allow",
				c.Describe(), c.Image, host, repo)
		}
		return nil
	},
}
