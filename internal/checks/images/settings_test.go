package images_test

import (
	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
)

// allowlist is the images.allowedRegistries the registry testdata is
// written for.
var allowlist = []string{"registry.example.com", "localhost:5000", "docker.io", "ghcr.io/example-org",
	"https://Quay.io/prometheus/", "mcr.microsoft.com", "index.docker.io/bitnami", "public.ecr.aws"}

// withAllowlist runs c as if .kubeward.yaml set images.allowedRegistries.
func withAllowlist(c *check.Check[kube.Container], allow []string) *check.Check[kube.Container] {
	return &check.Check[kube.Container]{Meta: c.Meta, Run: func(p *check.Pass[kube.Container]) error {
		p.Settings = &check.Settings{AllowedRegistries: allow}
		return c.Run(p)
	}}
}
