package admission

import (
	"strings"

	"github.com/kubeward/kubeward/internal/check"
)

// findingKey identifies a finding across two versions of an object: the
// check, the field and the container, never the message, whose wording
// may carry values that changed.
type findingKey struct {
	check, path, container string
}

// keyOf makes a finding's key. A container finding's path names the
// container by index (spec.containers[2]); the index is replaced by the
// container's name so that adding a container in front of it does not
// make its old findings look new.
func keyOf(f check.Finding) findingKey {
	path := f.Path
	if f.Container != "" {
		path = containerIndexToName(path, f.Container)
	}
	return findingKey{f.Check, path, f.Container}
}

// containerIndexToName rewrites the first "containers[N]" (or
// initContainers, ephemeralContainers) of path as "containers[name]".
func containerIndexToName(path, name string) string {
	i := strings.Index(path, "ontainers[")
	if i < 0 {
		return path
	}
	start := i + len("ontainers[")
	end := strings.IndexByte(path[start:], ']')
	if end < 0 {
		return path
	}
	return path[:start] + name + path[start+end:]
}
