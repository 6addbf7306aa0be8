// Package gctune holds kubeward's garbage-collector settings, shared by the
// command and the benchmarks that must measure it as it runs.
package gctune

import (
	"os"
	"runtime/debug"
)

// Defaults, unless GOGC or GOMEMLIMIT say otherwise. A scan allocates a lot
// of short-lived parse state while its live heap, mostly findings, grows
// slowly; a webhook's live heap is small and each request's garbage is
// large. Collecting only when the heap has grown fourfold cuts the
// collector's share of the time in both, and the soft limit makes it
// collect harder instead as the heap nears 800 MiB. A scan that needs more
// memory than the limit still gets it.
const (
	GCPercent   = 400
	MemoryLimit = 800 << 20
)

// Apply sets the defaults where the environment sets nothing.
func Apply() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(GCPercent)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(MemoryLimit)
	}
}
