// Package gctune holds kubeward's garbage-collector settings, shared by the
// command and the benchmarks that must measure it as it runs.
package gctune

import (
	"os"
	"runtime"
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

// ServerMemoryLimit is the soft memory limit of a long-running server
// whose live heap is small (the webhook: compiled checks and policies, a
// namespace cache). With the binary's own pages the process then peaks
// near 170 MB: its manifest requests 192Mi and allows 256Mi.
const ServerMemoryLimit = 96 << 20

// Server sets a webhook's collector, where the environment sets nothing:
// collect when the heap reaches ServerMemoryLimit, not each time it has
// grown by a multiple of a few megabytes of live data. Every review leaves
// about 100 KB of garbage, so proportional collection ran several times a
// second, and each run's pauses and assists showed in the latency tail
// (p99 at 500 reviews/s: 3.6-4.1 ms, against 2.4-3.7 ms this way).
func Server() {
	if os.Getenv("GOGC") == "" && os.Getenv("GOMEMLIMIT") == "" {
		debug.SetGCPercent(-1)
		debug.SetMemoryLimit(ServerMemoryLimit)
	}
}

// largeCopy is the size from which CollectBeforeCopy collects: below it a
// copy is over before a collection it starts could matter.
const largeCopy = 64 << 20

// CollectBeforeCopy collects, blocking, before the caller allocates size
// bytes to copy into, when size is large. A scan copies its findings into
// report order once its analyzers are done: everything then live stays
// live until the report is written, and the analyzers' working sets are
// garbage. Near the memory limit that allocation starts a collection in
// the middle of the copy, which then runs with write barriers on, into
// memory the runtime has just handed back to the system. Collecting first,
// on every core, costs 0.1 s at 100x the corpus and the copy then takes
// 0.1 s instead of 0.4-0.7 s.
func CollectBeforeCopy(size int64) {
	if size >= largeCopy {
		runtime.GC()
	}
}
