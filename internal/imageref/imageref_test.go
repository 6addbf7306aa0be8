package imageref

import "testing"

func TestParse(t *testing.T) {
	const d = "sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31"
	for _, tc := range []struct {
		in     string
		want   Ref
		pinned bool
	}{
		{"nginx", Ref{Name: "nginx"}, false},
		{"nginx:1.27", Ref{Name: "nginx", Tag: "1.27"}, false},
		{"registry:5000/app", Ref{Name: "registry:5000/app"}, false},
		{"registry:5000/team/app:v2", Ref{Name: "registry:5000/team/app", Tag: "v2"}, false},
		{"app@" + d, Ref{Name: "app", Digest: d}, true},
		{"localhost:5000/app:latest@" + d, Ref{Name: "localhost:5000/app", Tag: "latest", Digest: d}, true},
		{"app@sha256:abc", Ref{Name: "app", Digest: "sha256:abc"}, false},
	} {
		got := Parse(tc.in)
		if got != tc.want || got.Pinned() != tc.pinned {
			t.Errorf("Parse(%q) = %+v pinned %v, want %+v pinned %v", tc.in, got, got.Pinned(), tc.want, tc.pinned)
		}
	}
}

func TestRegistry(t *testing.T) {
	for in, want := range map[string][2]string{
		"nginx":                                             {"docker.io", "library/nginx"},
		"nginx:1.27":                                        {"docker.io", "library/nginx"},
		"bitnami/redis:7":                                   {"docker.io", "bitnami/redis"},
		"docker.io/nginx":                                   {"docker.io", "library/nginx"},
		"index.docker.io/library/nginx":                     {"docker.io", "library/nginx"},
		"registry-1.docker.io/grafana/loki":                 {"docker.io", "grafana/loki"},
		"localhost/app":                                     {"localhost", "app"},
		"localhost:5000/app:1":                              {"localhost:5000", "app"},
		"Registry.Example.com:443/team/app":                 {"registry.example.com:443", "team/app"},
		"quay.io/prometheus/node-exporter":                  {"quay.io", "prometheus/node-exporter"},
		"registry.k8s.io/pause:3.10":                        {"registry.k8s.io", "pause"},
		"123.dkr.ecr.eu-west-1.amazonaws.com/a/b@sha256:00": {"123.dkr.ecr.eu-west-1.amazonaws.com", "a/b"},
	} {
		host, repo := Parse(in).Registry()
		if host != want[0] || repo != want[1] {
			t.Errorf("Parse(%q).Registry() = %q, %q; want %q, %q", in, host, repo, want[0], want[1])
		}
	}
}

func TestUnresolved(t *testing.T) {
	for in, want := range map[string]bool{
		"": true, "<image>": true, "$(IMAGE)": true, "${REGISTRY}/app": true, "{{ .Values.image }}": true,
		"nginx:1.27": false, "registry:5000/app": false,
	} {
		if got := Unresolved(in); got != want {
			t.Errorf("Unresolved(%q) = %v, want %v", in, got, want)
		}
	}
}
