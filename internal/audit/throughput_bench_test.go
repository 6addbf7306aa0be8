package audit

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/config"
)

// BenchmarkAuditLog1M reads a generated log of 1,000,000 realistic events
// through every detector, the whole of `kubeward audit` but the report.
// Run it on one core:
//
//	GOMAXPROCS=1 go test -run '^$' -bench AuditLog1M -benchtime 1x ./internal/audit
//
// It reports events per wall-clock second, events per second of CPU time
// (what a shared machine cannot distort) and the process's peak resident
// memory.
func BenchmarkAuditLog1M(b *testing.B) {
	path := filepath.Join(b.TempDir(), "audit.log")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	const n = 1_000_000
	if err := generateEvents(f, n, 42); err != nil {
		b.Fatal(err)
	}
	f.Close()
	st, _ := os.Stat(path)
	b.SetBytes(st.Size())
	b.ResetTimer()
	var cpu time.Duration
	var wall time.Duration
	for b.Loop() {
		findings := 0
		e := NewEngine(NewSettings(config.Audit{}), check.Options{}, func(check.Finding) { findings++ })
		before := cpuTime()
		start := time.Now()
		stats, err := Read(b.Context(), []string{path}, ReadOptions{}, e.Observe, nil)
		wall += time.Since(start)
		cpu += cpuTime() - before
		if err != nil || stats.Events != n || stats.Errors != 0 {
			b.Fatalf("read %+v: %v", stats, err)
		}
		if findings == 0 {
			b.Fatal("no findings from a log with denials and secret reads")
		}
	}
	b.ReportMetric(float64(n*b.N)/wall.Seconds(), "events/s")
	b.ReportMetric(float64(n*b.N)/cpu.Seconds(), "events/cpu-s")
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	b.ReportMetric(float64(ru.Maxrss)/1024, "peak-RSS-MiB")
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
