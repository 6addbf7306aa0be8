package main

import (
	"net/http"
	"os"
	"runtime/pprof"
	"sync"
	"syscall"
	"time"
)

// serverTimes records how long the webhook handler took for each request,
// which tells the server's share of a latency from the transport's and
// the load generator's (they share the machine's cores).
var serverTimes timings

type timings struct {
	mu  sync.Mutex
	lat []time.Duration
}

func (t *timings) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		h.ServeHTTP(w, r)
		d := time.Since(start)
		t.mu.Lock()
		t.lat = append(t.lat, d)
		t.mu.Unlock()
	})
}

// reset returns the times recorded so far and starts again.
func (t *timings) reset() []time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := t.lat
	t.lat = nil
	return out
}

// cpuTime is the CPU time this process (server and load generator alike)
// has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func writeHeapProfile(file string) error {
	f, err := os.Create(file)
	if err != nil {
		return err
	}
	if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
