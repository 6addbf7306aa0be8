package workload

import (
	"regexp"
	"strings"
)

// imageRef is a container image reference split into its parts:
// [registry[:port]/]repository[:tag][@digest].
type imageRef struct {
	Name   string // registry and repository
	Tag    string // "" when absent
	Digest string // "" when absent, else "algorithm:hex"
}

// parseImage splits an image reference. The tag is the part after the last
// colon that follows the last slash, so the port of a registry
// ("registry:5000/app") is never taken for a tag. It does not validate: a
// scanner reports what the manifest says, and the kubelet rejects the rest.
func parseImage(s string) imageRef {
	var r imageRef
	if at := strings.IndexByte(s, '@'); at >= 0 {
		s, r.Digest = s[:at], s[at+1:]
	}
	if colon := strings.LastIndexByte(s, ':'); colon > strings.LastIndexByte(s, '/') {
		s, r.Tag = s[:colon], s[colon+1:]
	}
	r.Name = s
	return r
}

// digestPattern is the OCI digest grammar: algorithm ":" encoded.
var digestPattern = regexp.MustCompile(`^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}$`)

// Pinned reports whether the reference names its content by a digest.
func (r imageRef) Pinned() bool { return digestPattern.MatchString(r.Digest) }

// unresolvedImage reports whether an image field still holds a placeholder,
// one a template engine or the kubelet's $(VAR) expansion fills in or one
// a reader must ("<your-image>"), which no check can judge.
func unresolvedImage(s string) bool {
	return s == "" || strings.ContainsAny(s, "<>") ||
		strings.Contains(s, "$(") || strings.Contains(s, "${") || strings.Contains(s, "{{")
}
