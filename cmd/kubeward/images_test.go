package main_test

import "testing"

// images.allowedRegistries in .kubeward.yaml reaches the image checks: an
// image from elsewhere is reported, one under an allowed path is not, and
// a registry-wide entry for Docker Hub is called out.
func TestAllowedRegistriesConfig(t *testing.T) {
	dir := t.TempDir()
	cfg, manifest := dir+"/kubeward.yaml", dir+"/pod.yaml"
	writeFile(t, cfg, "images:\n  allowedRegistries: [registry.example.com/team, docker.io]\n")
	writeFile(t, manifest, `apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop}
spec:
  containers:
  - {name: ok, image: registry.example.com/team/app:1}
  - {name: other, image: ghcr.io/someone/app:1}
  - {name: hub, image: someone/app:1}
`)
	rep, r := scanJSON(t, "", "--config", cfg, "--fail-on", "none", manifest)
	wantCode(t, r, 0)
	got := map[string][]string{}
	for _, f := range rep.Findings {
		if f.Check == "image-registry-not-allowed" || f.Check == "image-from-public-mirror" {
			got[f.Check] = append(got[f.Check], f.Path+" "+f.Message)
		}
	}
	want := map[string]string{
		"image-registry-not-allowed": `spec.containers[1].image container "other" uses image "ghcr.io/someone/app:1" from ghcr.io/someone/app, which images.allowedRegistries does not allow`,
		"image-from-public-mirror":   `spec.containers[2].image container "hub" uses image "someone/app:1", which images.allowedRegistries allows only through the registry-wide entry "docker.io": anyone can publish to docker.io`,
	}
	for check, w := range want {
		if len(got[check]) != 1 || got[check][0] != w {
			t.Errorf("%s findings %q, want [%q]", check, got[check], w)
		}
	}

	// Without the config the same manifest yields neither finding.
	rep, r = scanJSON(t, "", "--fail-on", "none", manifest)
	wantCode(t, r, 0)
	for _, f := range rep.Findings {
		if f.Check == "image-registry-not-allowed" || f.Check == "image-from-public-mirror" {
			t.Errorf("without an allowlist: %s %s", f.Check, f.Message)
		}
	}
}
