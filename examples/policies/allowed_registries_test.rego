package kubeward.allowed_registries_test

import data.kubeward.allowed_registries

pod(containers) := {"kind": "Pod", "name": "p", "podSpecPath": "spec", "podSpec": {"containers": containers}}

test_foreign_image_is_denied if {
	allowed_registries.deny == {{
		"message": "container \"app\" uses image \"docker.io/library/nginx:1.27\", which is not from an allowed registry (registry.example.com/, ghcr.io/example/)",
		"path": "spec.containers[1].image",
	}} with input as pod([
		{"name": "side", "image": "registry.example.com/side:1"},
		{"name": "app", "image": "docker.io/library/nginx:1.27"},
	])
}

test_lookalike_registry_is_denied if {
	count(allowed_registries.deny) == 1 with input as pod([{"name": "app", "image": "registry.example.com.evil.io/app:1"}])
}

test_allowed_images_pass if {
	count(allowed_registries.deny) == 0 with input as pod([
		{"name": "a", "image": "registry.example.com/a:1"},
		{"name": "b", "image": "ghcr.io/example/b@sha256:0123"},
	])
}
