package admission

import (
	"context"
	"sync/atomic"
	"testing"
)

func TestWorkersRunJobsAndSurvivePanics(t *testing.T) {
	w := newWorkers()
	var ran atomic.Int32
	for range 100 {
		if !w.do(context.Background(), func() { ran.Add(1) }) {
			t.Fatal("job not run")
		}
	}
	func() {
		defer func() {
			if v := recover(); v != "boom" {
				t.Errorf("recovered %v, want the job's panic", v)
			}
		}()
		w.do(context.Background(), func() { panic("boom") })
	}()
	if !w.do(context.Background(), func() { ran.Add(1) }) || ran.Load() != 101 {
		t.Errorf("ran %d jobs, want 101: the workers did not survive the panic", ran.Load())
	}
	// With every worker busy, a request whose context has ended is not
	// queued.
	block, busy := make(chan struct{}), make(chan struct{})
	defer close(block)
	for range w.n {
		go w.do(context.Background(), func() { busy <- struct{}{}; <-block })
	}
	for range w.n {
		<-busy
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if w.do(ctx, func() { t.Error("ran after the context ended") }) {
		t.Error("do = true for a request whose context had ended")
	}
}
