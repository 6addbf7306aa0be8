package report

import (
	"bufio"
	"encoding/json"
	"io"
	"runtime"

	"github.com/kubeward/kubeward/internal/check"
)

// WriteJSON writes the versioned JSON report (docs/report-schema.md). It
// streams: each finding is encoded on its own, so a report of a million
// findings never exists as one buffer in memory. The bytes are the same as
// encoding the whole Report with two-space indentation.
func WriteJSON(w io.Writer, r *Report, _ WriteOptions) error {
	jw := &jsonWriter{w: bufio.NewWriterSize(w, 256<<10)}
	jw.raw("{\n")
	jw.field("apiVersion", r.APIVersion, false)
	jw.field("kind", r.Kind, false)
	jw.field("metadata", r.Metadata, false)
	jw.field("summary", r.Summary, false)
	if len(r.Compliance) > 0 {
		jw.field("compliance", r.Compliance, false)
	}
	if r.Bench != nil {
		jw.field("bench", r.Bench, false)
	}
	jw.key("findings")
	writeFindings(jw, r.Findings)
	if len(r.Suppressed) > 0 {
		jw.raw(",\n")
		jw.key("suppressedFindings")
		writeFindings(jw, r.Suppressed)
	}
	jw.raw(",\n")
	jw.key("errors")
	writeArray(jw, r.Errors)
	jw.raw("\n}\n")
	if jw.err != nil {
		return jw.err
	}
	return jw.w.Flush()
}

// jsonWriter remembers the first error so the writing code reads straight.
type jsonWriter struct {
	w   *bufio.Writer
	err error
}

func (jw *jsonWriter) raw(s string) {
	if jw.err == nil {
		_, jw.err = jw.w.WriteString(s)
	}
}

func (jw *jsonWriter) value(v any, prefix string) {
	if jw.err != nil {
		return
	}
	data, err := json.MarshalIndent(v, prefix, "  ")
	if err != nil {
		jw.err = err
		return
	}
	_, jw.err = jw.w.Write(data)
}

func (jw *jsonWriter) key(name string) {
	jw.raw(`  "` + name + `": `)
}

// field writes one top-level member followed by a comma unless last.
func (jw *jsonWriter) field(name string, v any, last bool) {
	jw.key(name)
	jw.value(v, "  ")
	if !last {
		jw.raw(",\n")
	}
}

func writeArray[T any](jw *jsonWriter, items []T) {
	if len(items) == 0 {
		jw.raw("[]")
		return
	}
	jw.raw("[\n")
	for i := range items {
		if i > 0 {
			jw.raw(",\n")
		}
		jw.raw("    ")
		jw.value(&items[i], "    ")
	}
	jw.raw("\n  ]")
}

// findingsPerChunk is how many findings one encoding goroutine handles at a
// time: large enough to amortise the hand-off, small enough that the chunks
// in flight stay a few megabytes.
const findingsPerChunk = 2048

// writeFindings encodes the findings on every core and writes the chunks in
// order, at most two per core in flight.
func writeFindings(jw *jsonWriter, fs []check.Finding) {
	if len(fs) == 0 {
		jw.raw("[]")
		return
	}
	jw.raw("[\n")
	chunks := (len(fs) + findingsPerChunk - 1) / findingsPerChunk
	window := 2 * runtime.GOMAXPROCS(0)
	results := make([]chan []byte, chunks)
	// Written chunks' buffers are reused, so encoding allocates a window's
	// worth of memory instead of the whole report's.
	free := make(chan []byte, window)
	start := func(c int) {
		results[c] = make(chan []byte, 1)
		var buf []byte
		select {
		case buf = <-free:
		default:
		}
		go func() {
			lo, hi := c*findingsPerChunk, min(len(fs), (c+1)*findingsPerChunk)
			for i := lo; i < hi; i++ {
				if i > 0 {
					buf = append(buf, ',', '\n')
				}
				buf = append(buf, "    "...)
				buf = appendFinding(buf, &fs[i], "    ")
			}
			results[c] <- buf
		}()
	}
	for c := 0; c < min(window, chunks); c++ {
		start(c)
	}
	for c := range chunks {
		buf := <-results[c]
		if next := c + window; next < chunks {
			start(next)
		}
		if jw.err == nil {
			_, jw.err = jw.w.Write(buf)
		}
		select {
		case free <- buf[:0]:
		default:
		}
	}
	jw.raw("\n  ]")
}
