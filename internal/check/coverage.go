package check

import (
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/kubeward/kubeward/internal/kube"
)

// Coverage is what one check evaluated during the engine's scans: the
// denominator of compliance controls and of the posture score. A check that
// found nothing still evaluated objects, and reports have to tell that apart
// from a check that never saw any.
type Coverage struct {
	Check    string
	Severity Severity // after overrides
	// Objects counts the objects the check ran on without an error;
	// analyzers count the objects they collected facts from.
	Objects int
	// Subjects counts what the check looked at inside them: containers
	// for a container check, facts for an analyzer.
	Subjects int
	// Errors counts objects the check could not evaluate.
	Errors int
}

// counterShards spreads the counters so that workers evaluating different
// objects rarely increment the same cache line; the shard is picked from
// the object's address, which differs between objects in flight.
const counterShards = 16

// counters are the engine's coverage counts of one shard.
type counters struct {
	mu    sync.RWMutex
	kinds map[string]*atomic.Int64 // objects evaluated per kind
	// per runner, in Engine.runners order
	objects  []atomic.Int64
	subjects []atomic.Int64
	errors   []atomic.Int64
}

func newCounters(runners int) []*counters {
	out := make([]*counters, counterShards)
	for i := range out {
		out[i] = &counters{kinds: map[string]*atomic.Int64{},
			objects: make([]atomic.Int64, runners), subjects: make([]atomic.Int64, runners),
			errors: make([]atomic.Int64, runners)}
	}
	return out
}

// ran is what one check did on one object, until the engine counts it.
type ran struct {
	runner   int
	subjects int
	failed   bool
}

// count adds one evaluated object to the coverage counters.
func (e *Engine) count(o *kube.Object, done []ran) {
	c := e.counters[(uintptr(unsafe.Pointer(o))>>7)%counterShards]
	c.countKind(o.Kind)
	for _, d := range done {
		if d.failed {
			c.errors[d.runner].Add(1)
			continue
		}
		c.objects[d.runner].Add(1)
		if d.subjects > 0 {
			c.subjects[d.runner].Add(int64(d.subjects))
		}
	}
}

// countKind records one evaluated object of a kind.
func (c *counters) countKind(kind string) {
	c.mu.RLock()
	n := c.kinds[kind]
	c.mu.RUnlock()
	if n == nil {
		c.mu.Lock()
		if n = c.kinds[kind]; n == nil {
			n = new(atomic.Int64)
			c.kinds[kind] = n
		}
		c.mu.Unlock()
	}
	n.Add(1)
}

// Coverage returns what each check evaluated so far, in the order the
// checks were given. Read it after a scan: evaluations still in flight may
// or may not be counted.
func (e *Engine) Coverage() []Coverage {
	out := make([]Coverage, len(e.runners))
	for i, r := range e.runners {
		out[i] = Coverage{Check: r.Info().ID, Severity: e.resolved[i].severity}
		for _, c := range e.counters {
			out[i].Objects += int(c.objects[i].Load())
			out[i].Subjects += int(c.subjects[i].Load())
			out[i].Errors += int(c.errors[i].Load())
		}
	}
	return out
}

// Kinds returns how many objects of each kind were evaluated so far; an
// object whose pod template does not decode is not evaluated.
func (e *Engine) Kinds() map[string]int {
	out := map[string]int{}
	for _, c := range e.counters {
		c.mu.RLock()
		for k, n := range c.kinds {
			out[k] += int(n.Load())
		}
		c.mu.RUnlock()
	}
	return out
}
