package workload

import "testing"

func TestParseImage(t *testing.T) {
	const d = "sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31"
	for _, tc := range []struct {
		in     string
		want   imageRef
		pinned bool
	}{
		{"nginx", imageRef{Name: "nginx"}, false},
		{"nginx:1.27", imageRef{Name: "nginx", Tag: "1.27"}, false},
		{"registry:5000/app", imageRef{Name: "registry:5000/app"}, false},
		{"registry:5000/team/app:v2", imageRef{Name: "registry:5000/team/app", Tag: "v2"}, false},
		{"app@" + d, imageRef{Name: "app", Digest: d}, true},
		{"localhost:5000/app:latest@" + d, imageRef{Name: "localhost:5000/app", Tag: "latest", Digest: d}, true},
		{"app@sha256:abc", imageRef{Name: "app", Digest: "sha256:abc"}, false},
	} {
		got := parseImage(tc.in)
		if got != tc.want || got.Pinned() != tc.pinned {
			t.Errorf("parseImage(%q) = %+v pinned %v, want %+v pinned %v", tc.in, got, got.Pinned(), tc.want, tc.pinned)
		}
	}
}
