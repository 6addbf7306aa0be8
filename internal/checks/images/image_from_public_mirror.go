package images

import (
	"strings"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/imageref"
	"github.com/kubeward/kubeward/internal/kube"
)

// openRegistries are public registries, and public mirrors of them, where
// anyone may publish: allowing one of these hosts as a whole allows every
// stranger's image. Registries run by a single publisher (registry.k8s.io,
// mcr.microsoft.com, nvcr.io, registry.redhat.io, ...) are not listed:
// allowing such a host trusts one vendor, which is a reasonable choice.
var openRegistries = map[string]bool{
	"docker.io":           true,
	"mirror.gcr.io":       true, // pull-through cache of Docker Hub
	"ghcr.io":             true,
	"quay.io":             true,
	"gcr.io":              true,
	"us.gcr.io":           true,
	"eu.gcr.io":           true,
	"asia.gcr.io":         true,
	"public.ecr.aws":      true,
	"registry.gitlab.com": true,
}

// openRegistry reports whether anyone may publish under the host; Google
// Artifact Registry's regional hosts (europe-docker.pkg.dev) hold every
// project's repositories.
func openRegistry(host string) bool {
	return openRegistries[host] || strings.HasSuffix(host, "-docker.pkg.dev")
}

// curated reports repositories of an open registry that one party
// curates: Docker Hub's official images under library/, also served by
// Google's Docker Hub mirror and by ECR Public under docker/library/.
func curated(host, repo string) bool {
	switch host {
	case imageref.DockerHub, "mirror.gcr.io":
		return strings.HasPrefix(repo, "library/")
	case "public.ecr.aws":
		return strings.HasPrefix(repo, "docker/library/")
	}
	return false
}

// PublicMirror reports images that the registry allowlist lets in only
// because it trusts a whole public registry or mirror.
var PublicMirror = &check.Check[kube.Container]{
	Meta: check.Meta{
		ID:       "image-from-public-mirror",
		Title:    "Image allowed only through a whole public registry",
		Severity: check.Medium,
		Family:   Family,
		Description: "images.allowedRegistries is set, and the image is allowed only by an entry that names a " +
			"whole public registry or public mirror where anyone can publish: docker.io, mirror.gcr.io " +
			"(Google's Docker Hub cache), ghcr.io, quay.io, gcr.io and its regional hosts, public.ecr.aws, " +
			"registry.gitlab.com and Artifact Registry's *-docker.pkg.dev hosts. Such an entry does not " +
			"restrict who built the image: a typo-squatted or abandoned repository passes as well as the " +
			"vendor's own. Docker Hub's official images (docker.io/library, also via mirror.gcr.io and " +
			"public.ecr.aws/docker/library) are curated and not reported, nor are images allowed by a " +
			"path entry (\"ghcr.io/example-org\") or " +
			"from single-vendor registries such as registry.k8s.io or mcr.microsoft.com. Without an " +
			"allowlist, or for images the allowlist rejects (image-registry-not-allowed), the check " +
			"reports nothing.",
		Remediation: "Replace the registry-wide entry with the publishers you trust " +
			"(\"docker.io/bitnami\", \"ghcr.io/example-org\"), or mirror the images you reviewed into your " +
			"own registry and allow that.",
		Controls: []check.Control{
			{Framework: check.FrameworkCIS, ID: "5.5.1"},
			{Framework: check.FrameworkNSA, ID: "secure-images"},
			{Framework: check.FrameworkMITRE, ID: "T1525"},
			{Framework: check.FrameworkMITRE, ID: "T1610"},
		},
	},
	Run: func(p *check.Pass[kube.Container]) error {
		c := p.Subject
		allow := p.Settings.AllowedRegistries
		if len(allow) == 0 || imageref.Unresolved(c.Image) {
			return nil
		}
		host, repo := imageref.Parse(c.Image).Registry()
		e, ok := allowedBy(allow, host, repo)
		if !ok || e.path != "" || !openRegistry(host) || curated(host, repo) {
			return nil
		}
		p.Reportf(c.Path+".image", "%s uses image %q, which images.allowedRegistries allows only through the "+
			"registry-wide entry %q: anyone can publish to %s", c.Describe(), c.Image, e.raw, host)
		return nil
	},
}
