package probe

import (
	"context"
	"net"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// endpoint is one host:port to try.
type endpoint struct {
	Host string
	Port int
	Kind Kind // from a kind:// target, else ""
}

func (e endpoint) addr() string { return net.JoinHostPort(e.Host, strconv.Itoa(e.Port)) }

// connectScan tries a TCP connection to every endpoint with at most
// workers in flight and returns the open ones in input order. Closed and
// filtered ports are simply not open: a sweep is mostly those.
func connectScan(ctx context.Context, eps []endpoint, workers int, timeout time.Duration, done *atomic.Int64) []endpoint {
	open := make([]bool, len(eps))
	next := atomic.Int64{}
	var wg sync.WaitGroup
	for range min(workers, len(eps)) {
		wg.Go(func() {
			d := net.Dialer{Timeout: timeout}
			for {
				i := int(next.Add(1) - 1)
				if i >= len(eps) || ctx.Err() != nil {
					return
				}
				c, err := d.DialContext(ctx, "tcp", eps[i].addr())
				switch {
				case err == nil:
					c.Close()
					open[i] = true
				case isReset(err):
					// Something listens and hung up at once: identification
					// reports what it does, a closed port would refuse.
					open[i] = true
				}
				done.Add(1)
			}
		})
	}
	wg.Wait()
	var out []endpoint
	for i, ok := range open {
		if ok {
			out = append(out, eps[i])
		}
	}
	return out
}
