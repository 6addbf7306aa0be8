package admission

import (
	"context"
	"runtime"
)

// workers run reviews on long-lived goroutines. The HTTP server starts a
// goroutine per request, and a review (OPA's evaluation and the JSON
// encoding of the decision log most of all) grows a new goroutine's stack
// several times over: copying stacks was a sixth of a review's CPU time. A worker's stack stays grown between reviews.
// The number of workers also bounds the reviews in progress; the others
// wait their turn, which CPU-bound work would make them do anyway. There
// are several per core because a review can wait too: a namespace the
// cache does not know yet is looked up in the API server.
type workers struct {
	jobs chan func()
	n    int
}

func newWorkers() *workers {
	w := &workers{jobs: make(chan func()), n: max(16, 4*runtime.GOMAXPROCS(0))}
	for range w.n {
		go func() {
			for job := range w.jobs {
				job()
			}
		}()
	}
	return w
}

// do runs job on a worker and waits for it; false when ctx ended before a
// worker was free. A panic in job is raised again in the caller's
// goroutine, where net/http recovers it as from any handler, and the
// worker lives on.
func (w *workers) do(ctx context.Context, job func()) bool {
	done := make(chan struct{})
	var panicked any
	run := func() {
		defer close(done)
		defer func() { panicked = recover() }()
		job()
	}
	select {
	case w.jobs <- run:
	case <-ctx.Done():
		return false
	}
	<-done
	if panicked != nil {
		panic(panicked)
	}
	return true
}
