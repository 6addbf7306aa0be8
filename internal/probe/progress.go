package probe

import (
	"fmt"
	"io"
	"sync/atomic"
	"time"
)

// startProgress redraws "phase done/total" on w every 100 ms until stop
// is called; w is nil unless the caller writes to a terminal.
func startProgress(w io.Writer, phase string, total int64, done *atomic.Int64) (stop func()) {
	if w == nil || total == 0 {
		return func() {}
	}
	quit := make(chan struct{})
	finished := make(chan struct{})
	draw := func() {
		n := done.Load()
		const width = 30
		bar := int(float64(width) * float64(n) / float64(total))
		fmt.Fprintf(w, "\r%-8s [%-*s] %d/%d", phase, width, repeat('=', bar), n, total)
	}
	go func() {
		defer close(finished)
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-quit:
				draw()
				fmt.Fprintln(w)
				return
			case <-t.C:
				draw()
			}
		}
	}()
	return func() { close(quit); <-finished }
}

func repeat(c byte, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = c
	}
	return string(b)
}
