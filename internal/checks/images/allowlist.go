package images

import (
	"strings"

	"github.com/kubeward/kubeward/internal/imageref"
)

// allowEntry is one images.allowedRegistries entry, normalised like an
// image's registry: a host (with its port) and an optional path prefix.
type allowEntry struct {
	raw  string
	host string
	path string // "" allows the whole registry
}

func parseAllowEntry(s string) allowEntry {
	e := allowEntry{raw: s}
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(strings.TrimPrefix(s, "https://"), "http://")
	s = strings.Trim(s, "/")
	e.host, e.path, _ = strings.Cut(s, "/")
	e.host = imageref.NormalizeHost(e.host)
	return e
}

// matches reports whether an image of the registry host and repository
// path comes from the entry: the same host and, for a path entry, the
// path or a path below it ("docker.io/bitnami" allows
// docker.io/bitnami/redis, not docker.io/bitnamilegacy/redis).
func (e allowEntry) matches(host, repo string) bool {
	return host == e.host && (e.path == "" || repo == e.path || strings.HasPrefix(repo, e.path+"/"))
}

// allowedBy returns the most specific entry that allows the image, if
// any: a path entry wins over a registry-wide one.
func allowedBy(entries []string, host, repo string) (allowEntry, bool) {
	var best allowEntry
	found := false
	for _, s := range entries {
		e := parseAllowEntry(s)
		if e.host == "" || !e.matches(host, repo) {
			continue
		}
		if !found || len(e.path) > len(best.path) {
			best, found = e, true
		}
	}
	return best, found
}
