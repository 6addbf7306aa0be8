package gctune

import (
	"math"
	"runtime/debug"
	"testing"
)

// restore puts the collector back as the test found it.
func restore(t *testing.T) {
	percent, limit := debug.SetGCPercent(100), debug.SetMemoryLimit(math.MaxInt64)
	t.Cleanup(func() { debug.SetGCPercent(percent); debug.SetMemoryLimit(limit) })
}

func TestDefaultsWhereTheEnvironmentSetsNothing(t *testing.T) {
	restore(t)
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	Apply()
	if p, l := debug.SetGCPercent(100), debug.SetMemoryLimit(-1); p != GCPercent || l != MemoryLimit {
		t.Errorf("Apply: GOGC %d, limit %d; want %d, %d", p, l, GCPercent, MemoryLimit)
	}
	Server()
	if p, l := debug.SetGCPercent(100), debug.SetMemoryLimit(-1); p != -1 || l != ServerMemoryLimit {
		t.Errorf("Server: GOGC %d, limit %d; want off, %d", p, l, ServerMemoryLimit)
	}
}

func TestEnvironmentWins(t *testing.T) {
	restore(t)
	t.Setenv("GOGC", "150")
	t.Setenv("GOMEMLIMIT", "")
	debug.SetGCPercent(150) // what the runtime read from GOGC at start
	Server()
	if p := debug.SetGCPercent(100); p != 150 {
		t.Errorf("Server with GOGC=150 set GOGC %d", p)
	}
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "1GiB")
	debug.SetGCPercent(100)
	Server()
	if p := debug.SetGCPercent(100); p != 100 {
		t.Errorf("Server with GOMEMLIMIT set turned GOGC to %d", p)
	}
}
