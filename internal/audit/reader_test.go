package audit

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// line is one audit event with the given ID, request time and verb.
func line(id string, at time.Time, verb string) string {
	return fmt.Sprintf(`{"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"Metadata","auditID":%q,"stage":"ResponseComplete","requestURI":"/api/v1/namespaces","verb":%q,"user":{"username":"alice"},"sourceIPs":["10.0.0.1"],"responseStatus":{"code":200},"requestReceivedTimestamp":%q,"stageTimestamp":%q}`,
		id, verb, at.UTC().Format("2006-01-02T15:04:05.000000Z"), at.UTC().Format("2006-01-02T15:04:05.000000Z"))
}

var t0 = time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)

type collected struct {
	mu     sync.Mutex
	events []string // auditID@file:line
	errors []string
}

func (c *collected) event(ev *Event) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.events = append(c.events, fmt.Sprintf("%s@%s:%d", ev.AuditID, filepath.Base(ev.File), ev.Line))
}

func (c *collected) error(le LineError) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.errors = append(c.errors, fmt.Sprintf("%s:%d: %s", filepath.Base(le.File), le.Line, le.Message))
}

func (c *collected) snapshot() ([]string, []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.events), slices.Clone(c.errors)
}

func TestHostileLines(t *testing.T) {
	dir := t.TempDir()
	good := line("a1", t0, "get")
	input := strings.Join([]string{
		good,
		good[:len(good)/2], // truncated
		"hello, world",
		"",
		`["an","array"]`,
		`{"kind":"Event","apiVersion":"audit.k8s.io/v1"}`,
		`{"kind":"Pod","apiVersion":"v1","metadata":{"name":"x"}}`,
		`{"kind":"Event","apiVersion":"audit.k8s.io/v1","auditID":"a2","stage":"ResponseComplete","verb":"get","user":{"username":7},"requestReceivedTimestamp":"2026-05-01T12:00:00.000000Z"}`,
		`{"kind":"Event","apiVersion":"audit.k8s.io/v1","auditID":"a3","stage":"ResponseComplete","verb":"get","requestReceivedTimestamp":"yesterday"}`,
		strings.Repeat("x", 5000),
		good + " {}",
		line("a4", t0.Add(time.Second), "list"),
		"\xff\xfe binary \x00 garbage",
		line("a5", t0.Add(2*time.Second), "watch")[:40], // truncated last line without newline
	}, "\n")
	path := filepath.Join(dir, "audit.log")
	if err := os.WriteFile(path, []byte(input), 0o644); err != nil {
		t.Fatal(err)
	}
	var c collected
	stats, err := Read(t.Context(), []string{path}, ReadOptions{MaxLineBytes: 4096}, c.event, c.error)
	if err != nil {
		t.Fatal(err)
	}
	events, errs := c.snapshot()
	if want := []string{"a1@audit.log:1", "a4@audit.log:12"}; !slices.Equal(events, want) {
		t.Errorf("events %v, want %v", events, want)
	}
	want := []string{
		"audit.log:2: not a JSON audit event: unexpected EOF at byte 172",
		"audit.log:3: not a JSON audit event: invalid character 'h' at start of value at byte 1",
		"audit.log:5: not a JSON audit event: the line is not a JSON object",
		"audit.log:6: audit event lacks auditID, stage, verb, requestReceivedTimestamp",
		`audit.log:7: not an audit event: kind is "Pod", want Event`,
		"audit.log:8: not a JSON audit event: a number where a string is expected",
		`audit.log:9: not a JSON audit event: timestamp "yesterday" is not RFC 3339`,
		"audit.log:10: line is longer than the limit of 4096 bytes (--max-line-bytes); skipped",
		"audit.log:11: not a JSON audit event: more than one JSON value on the line",
		"audit.log:13: not a JSON audit event: invalid character '\\xff' at start of value at byte 1",
		"audit.log:14: not a JSON audit event: unexpected EOF at byte 41",
	}
	if !slices.Equal(errs, want) {
		t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(errs, "\n"), strings.Join(want, "\n"))
	}
	if stats.Lines != 14 || stats.Events != 2 || stats.Errors != len(want) {
		t.Errorf("stats %+v", stats)
	}
}

// endless is a reader of n bytes of 'x' that holds none of them.
type endless struct{ n int64 }

func (e *endless) Read(p []byte) (int, error) {
	if e.n <= 0 {
		return 0, io.EOF
	}
	k := min(int64(len(p)), e.n)
	for i := range p[:k] {
		p[i] = 'x'
	}
	e.n -= k
	return int(k), nil
}

// TestGigabyteLine reads a 1 GiB line followed by an event: the line is
// an error, the event is read, and memory stays flat.
func TestGigabyteLine(t *testing.T) {
	in := io.MultiReader(&endless{n: 1 << 30}, strings.NewReader("\n"+line("after", t0, "get")+"\n"))
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	var c collected
	stats, err := Read(t.Context(), []string{"-"}, ReadOptions{Stdin: in}, c.event, c.error)
	if err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&after)
	events, errs := c.snapshot()
	if !slices.Equal(events, []string{"after@-:2"}) || !slices.Equal(errs, []string{"-:1: line is longer than the limit of 16777216 bytes (--max-line-bytes); skipped"}) {
		t.Errorf("events %v errors %v", events, errs)
	}
	if stats.Bytes < 1<<30 {
		t.Errorf("read %d bytes", stats.Bytes)
	}
	// The cap is 16 MiB; allocations past a few times that mean the line
	// was being kept.
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 128<<20 {
		t.Errorf("allocated %d MiB reading one long line", grew>>20)
	}
}

func gz(t *testing.T, path, data string) {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write([]byte(data))
	zw.Close()
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestRotatedSetInTimeOrder(t *testing.T) {
	dir := t.TempDir()
	p := func(n string) string { return filepath.Join(dir, n) }
	gz(t, p("audit.log.2.gz"), line("e1", t0, "get")+"\n"+line("e2", t0.Add(time.Second), "get")+"\n")
	if err := os.WriteFile(p("audit.log.1"), []byte(line("e3", t0.Add(time.Minute), "get")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// A compressed file named like a plain one is still read as gzip.
	gz(t, p("audit.log"), "not an event\n"+line("e4", t0.Add(time.Hour), "get")+"\n")
	var c collected
	_, err := Read(t.Context(), []string{p("audit.log"), p("audit.log.1"), p("audit.log.2.gz")}, ReadOptions{}, c.event, c.error)
	if err != nil {
		t.Fatal(err)
	}
	events, errs := c.snapshot()
	if want := []string{"e1@audit.log.2.gz:1", "e2@audit.log.2.gz:2", "e3@audit.log.1:1", "e4@audit.log:2"}; !slices.Equal(events, want) {
		t.Errorf("events %v, want %v", events, want)
	}
	if want := []string{"audit.log:1: not a JSON audit event: invalid character 'o' in literal null (expecting 'u') at byte 2"}; !slices.Equal(errs, want) {
		t.Errorf("errors %v, want %v", errs, want)
	}

	// --since and --until keep [since, until).
	c = collected{}
	stats, err := Read(t.Context(), []string{p("audit.log.2.gz"), p("audit.log.1"), p("audit.log")},
		ReadOptions{Since: t0.Add(time.Second), Until: t0.Add(time.Hour)}, c.event, c.error)
	if err != nil {
		t.Fatal(err)
	}
	events, _ = c.snapshot()
	if want := []string{"e2@audit.log.2.gz:2", "e3@audit.log.1:1"}; !slices.Equal(events, want) || stats.Filtered != 2 {
		t.Errorf("events %v filtered %d, want %v and 2", events, stats.Filtered, want)
	}
	if _, err := Read(t.Context(), []string{p("missing")}, ReadOptions{}, c.event, c.error); err == nil || !strings.Contains(err.Error(), "no such file") {
		t.Errorf("missing file: %v", err)
	}
}

func TestFollowAcrossRotation(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "audit.log")
	appendTo := func(p, s string) {
		f, err := os.OpenFile(p, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
		if err != nil {
			t.Error(err)
			return
		}
		f.WriteString(s)
		f.Close()
	}
	appendTo(path, line("f1", t0, "get")+"\n")
	var c collected
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() {
		_, err := Read(ctx, []string{path}, ReadOptions{Follow: true, PollInterval: 20 * time.Millisecond}, c.event, c.error)
		done <- err
	}()
	waitFor := func(n int) {
		t.Helper()
		deadline := time.Now().Add(5 * time.Second)
		for {
			if ev, _ := c.snapshot(); len(ev) >= n || time.Now().After(deadline) {
				return
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	waitFor(1)
	// Half a line now, the rest later: read once complete.
	l2 := line("f2", t0.Add(time.Second), "get")
	appendTo(path, l2[:30])
	time.Sleep(60 * time.Millisecond)
	appendTo(path, l2[30:]+"\n")
	waitFor(2)
	// Rotation: written to the old file after the rename, then a new file.
	if err := os.Rename(path, path+".1"); err != nil {
		t.Fatal(err)
	}
	appendTo(path+".1", line("f3", t0.Add(2*time.Second), "get")+"\n")
	appendTo(path, line("f4", t0.Add(3*time.Second), "get")+"\n")
	waitFor(4)
	// Truncation in place starts over at the top. It is noticed by the
	// size going down, so the new content is shorter than the old.
	short := strings.Replace(line("f5", t0.Add(4*time.Second), "get"), "/api/v1/namespaces", "/", 1)
	if err := os.WriteFile(path, []byte(short+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	waitFor(5)
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	events, errs := c.snapshot()
	if want := []string{"f1@audit.log:1", "f2@audit.log:2", "f3@audit.log:3", "f4@audit.log:1", "f5@audit.log:1"}; !slices.Equal(events, want) || len(errs) > 0 {
		t.Errorf("events %v errors %v, want %v", events, errs, want)
	}
}
