// Package imageref parses container image references the way container
// runtimes resolve them, for the checks that judge where an image comes
// from and whether it names fixed content.
package imageref

import (
	"regexp"
	"strings"
)

// Ref is a container image reference split into its parts:
// [registry[:port]/]repository[:tag][@digest].
type Ref struct {
	Name   string // registry and repository as written
	Tag    string // "" when absent
	Digest string // "" when absent, else "algorithm:hex"
}

// Parse splits an image reference. The tag is the part after the last
// colon that follows the last slash, so the port of a registry
// ("registry:5000/app") is never taken for a tag. It does not validate: a
// scanner reports what the manifest says, and the kubelet rejects the rest.
func Parse(s string) Ref {
	var r Ref
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
func (r Ref) Pinned() bool { return digestPattern.MatchString(r.Digest) }

// DockerHub is the registry of references that name none.
const DockerHub = "docker.io"

// dockerHubAliases are other host names of Docker Hub's registry.
var dockerHubAliases = map[string]bool{"index.docker.io": true, "registry-1.docker.io": true, "registry.hub.docker.com": true}

// Registry returns the registry host (with its port, lower-cased) and the
// repository path, normalised as container runtimes do: a first component
// without a dot or a colon that is not "localhost" is part of a Docker Hub
// path, and a single-component Docker Hub path lives under "library/".
func (r Ref) Registry() (host, repository string) {
	host, repository = DockerHub, r.Name
	if i := strings.IndexByte(r.Name, '/'); i >= 0 {
		first := r.Name[:i]
		if strings.ContainsAny(first, ".:") || first == "localhost" {
			host, repository = first, r.Name[i+1:]
		}
	}
	host = NormalizeHost(host)
	if host == DockerHub && !strings.Contains(repository, "/") {
		repository = "library/" + repository
	}
	return host, repository
}

// NormalizeHost lower-cases a registry host and maps Docker Hub's other
// names to docker.io.
func NormalizeHost(host string) string {
	host = strings.ToLower(host)
	if dockerHubAliases[host] {
		return DockerHub
	}
	return host
}

// Unresolved reports whether an image field still holds a placeholder,
// one a template engine or the kubelet's $(VAR) expansion fills in or one
// a reader must ("<your-image>"), which no check can judge.
func Unresolved(s string) bool {
	return s == "" || strings.ContainsAny(s, "<>") ||
		strings.Contains(s, "$(") || strings.Contains(s, "${") || strings.Contains(s, "{{")
}
