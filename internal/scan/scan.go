// Package scan runs the checks over manifests: it streams documents from
// the sources, parses only what some check looks at, evaluates objects on
// every core and gathers one report.
package scan

import (
	"cmp"
	"context"
	"errors"
	"log/slog"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/exception"
	"github.com/kubeward/kubeward/internal/gctune"
	"github.com/kubeward/kubeward/internal/kube"
	"github.com/kubeward/kubeward/internal/report"
	"github.com/kubeward/kubeward/internal/source"
	"github.com/kubeward/kubeward/internal/yamlfast"
)

// Config is everything a scan needs, built by the CLI.
type Config struct {
	Paths      []string
	Source     source.Options
	Engine     *check.Engine
	Exceptions *exception.Set
	Workers    int // 0 means GOMAXPROCS
}

// Result is what Run gathered; the caller wraps it in a report.
type Result struct {
	Objects    int
	Findings   []check.Finding
	Suppressed []check.Finding
	Errors     []report.Error
	// Unreadable is set when an input could not be read at all (as opposed
	// to a document in it being invalid).
	Unreadable bool
	// Coverage is what each check evaluated and Kinds the objects
	// evaluated per kind: what compliance and the score are measured on.
	Coverage []check.Coverage
	Kinds    map[string]int
	// Gaps are the kinds a stream could not read (RunStream); each check
	// that looks at one has a not-evaluated finding for it.
	Gaps []Gap

	groups  [][]check.Finding // one object's sorted findings each, while running
	scratch []check.Finding   // the engine's findings for the object at hand
	chunk   []check.Finding   // where groups are kept: see keep
	arena   yamlfast.Arena    // node trees of the document at hand
}

// sortGroups puts objects' findings in report order by their first
// finding. Sorting whole objects and then concatenating costs far less
// than sorting every finding, and leaves the report's final sort an
// already sorted slice.
func sortGroups(groups [][]check.Finding) {
	slices.SortFunc(groups, func(a, b []check.Finding) int { return report.CompareFindings(a[0], b[0]) })
}

// flatten copies the objects' sorted groups into one slice, with room for
// spare more findings after them (see merge). The copying is split among
// the cores: half a million findings are 150 MB to move. Large copies
// start with a collection: see gctune.CollectBeforeCopy.
func flatten(groups [][]check.Finding, spare int) []check.Finding {
	n := 0
	for _, g := range groups {
		n += len(g)
	}
	gctune.CollectBeforeCopy(int64(n+spare) * int64(unsafe.Sizeof(check.Finding{})))
	out := make([]check.Finding, n, n+spare)
	parts := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	first, at := 0, 0 // the part's first group and its place in out
	for p := range parts {
		last, end := first, at
		for last < len(groups) && (p == parts-1 || end < n*(p+1)/parts) {
			end += len(groups[last])
			last++
		}
		from, to, off := first, last, at
		wg.Go(func() {
			for i := from; i < to; i++ {
				off += copy(out[off:], groups[i])
				groups[i] = nil // copied: a chunk goes back to the collector once all its groups are
			}
		})
		first, at = last, end
	}
	wg.Wait()
	return out
}

// merge merges the sorted findings b into the sorted findings a, in a's
// spare room when it has enough, working from the end so that nothing is
// overwritten before it is moved. On a tie a's finding goes first.
func merge(a, b []check.Finding) []check.Finding {
	n := len(a) + len(b)
	if cap(a) < n {
		a = slices.Grow(a, len(b))
	}
	out := a[:n]
	i, j := len(a)-1, len(b)-1
	for k := n - 1; j >= 0; k-- {
		if i >= 0 && report.CompareFindings(a[i], b[j]) > 0 {
			out[k] = a[i]
			i--
		} else {
			out[k] = b[j]
			j--
		}
	}
	return out
}

// Run scans every input. Reading is spread over the inputs and evaluation
// over documents, each bounded by the worker count; memory is bounded by
// the documents in flight plus the findings.
func Run(ctx context.Context, cfg Config) *Result {
	workers := cfg.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	started := time.Now()
	res := &Result{}
	if cfg.Source.Wants == nil {
		cfg.Source.Wants = cfg.Engine.Wants
	}

	var skipped atomic.Int64
	docs := make(chan *source.Document, 4*workers)
	inputCh := make(chan source.Input)
	var readErrs []report.Error
	var mu sync.Mutex

	var readers sync.WaitGroup
	for range workers {
		readers.Go(func() {
			for in := range inputCh {
				errs := in.Read(cfg.Source, func(d *source.Document) {
					if d.Skipped {
						skipped.Add(1)
						return
					}
					select {
					case docs <- d:
					case <-ctx.Done():
					}
				})
				if len(errs) > 0 {
					mu.Lock()
					for _, e := range errs {
						readErrs = append(readErrs, report.Error(e))
					}
					mu.Unlock()
				}
			}
		})
	}
	// Inputs are read as the walk finds them: walking a large tree takes
	// a while, and the order of reading does not show in the report.
	var walkErrs []report.Error
	go func() {
		defer close(inputCh)
		source.Walk(cfg.Paths, func(in source.Input) bool {
			select {
			case inputCh <- in:
				return true
			case <-ctx.Done():
				return false
			}
		}, func(e source.Error) { walkErrs = append(walkErrs, report.Error(e)) })
	}()
	go func() { readers.Wait(); close(docs) }()

	parts := make([]*Result, workers)
	var evaluators sync.WaitGroup
	for i := range parts {
		part := &Result{}
		parts[i] = part
		evaluators.Go(func() {
			for d := range docs {
				evaluate(cfg, d, part)
			}
		})
	}
	evaluators.Wait()
	slog.Debug("objects evaluated", "elapsed", time.Since(started))

	res.Objects = int(skipped.Load())
	gather(cfg, res, parts, nil)
	if len(walkErrs) > 0 { // complete: the walk ended before the readers did
		res.Unreadable = true
		res.Errors = append(res.Errors, walkErrs...)
	}
	if len(readErrs) > 0 {
		res.Unreadable = true
		res.Errors = append(res.Errors, readErrs...)
	}
	return res
}

// gather joins the workers' parts into res, runs the analyzers over the
// whole inventory and reads the engine's coverage.
func gather(cfg Config, res *Result, parts []*Result, groups [][]check.Finding) {
	for _, p := range parts {
		res.Objects += p.Objects
		groups = append(groups, p.groups...)
		res.Suppressed = append(res.Suppressed, p.Suppressed...)
		res.Errors = append(res.Errors, p.Errors...)
	}
	// The objects' findings are sorted while the analyzers run: most
	// analyzers leave a core idle. They are copied out of their chunks
	// after, once the analyzers' garbage is collected (see flatten), and
	// the analyzers' findings are merged into the room left after them.
	sorted := make(chan struct{})
	go func() { sortGroups(groups); close(sorted) }()
	started := time.Now()
	analyzed, subjects := cfg.Engine.Analyze()
	slog.Debug("inventory analyzed", "findings", len(analyzed), "elapsed", time.Since(started))
	late := analyzed[:0]
	for i := range analyzed {
		f := analyzed[i : i+1 : i+1]
		if cfg.Exceptions != nil {
			cfg.Exceptions.Suppress(subjects[i], f)
		}
		if f[0].Suppressed != "" {
			res.Suppressed = append(res.Suppressed, f[0])
		} else {
			late = append(late, f[0])
		}
	}
	slices.SortFunc(late, report.CompareFindings)
	<-sorted
	res.Findings = merge(flatten(groups, len(late)), late)
	res.Coverage, res.Kinds = cfg.Engine.Coverage(), cfg.Engine.Kinds()
}

// evaluate parses one document and runs the checks on its objects.
func evaluate(cfg Config, d *source.Document, into *Result) {
	objs, errs := source.ParseIn(d, 4*cfg.Source.MaxSize(), &into.arena)
	for _, e := range errs {
		into.Errors = append(into.Errors, report.Error(e))
	}
	for _, o := range objs {
		evaluateObject(cfg, o, into)
		o.Node = nil // the arena's: not to be kept past the Reset below
	}
	into.arena.Reset() // the next document's trees reuse the memory
}

// evaluateObject runs the checks on one object and keeps its findings,
// whatever source it came from.
func evaluateObject(cfg Config, o *kube.Object, into *Result) {
	into.Objects++
	findings, err := cfg.Engine.EvaluateInto(o, into.scratch)
	into.scratch = findings[:0]
	if err != nil {
		loc := o.Location
		if fe := (*kube.FieldError)(nil); errors.As(err, &fe) {
			loc = o.Locate(fe.Path) // the line of the field at fault
		}
		into.Errors = append(into.Errors, report.Error{File: cmp.Or(loc.File, loc.Object), Line: loc.Line,
			Message: o.Ref.String() + ": " + err.Error()})
		return
	}
	if cfg.Exceptions != nil {
		findings = cfg.Exceptions.Apply(o, findings)
	}
	shown := findings[:0]
	for _, f := range findings {
		if f.Suppressed != "" {
			into.Suppressed = append(into.Suppressed, f)
		} else {
			shown = append(shown, f)
		}
	}
	if len(shown) > 0 {
		slices.SortFunc(shown, report.CompareFindings)
		into.keep(shown)
	}
}

// findingChunk is how many findings a chunk of Result.chunk holds.
const findingChunk = 4096

// keep copies one object's findings out of the engine's buffer, which is
// reused for the next object, into a large chunk of findings kept until
// the report is written. Copied each to a slice of its own, the groups of
// a large scan (half a million findings) are small objects scattered among
// the parser's short-lived ones: at 100x, memory left part-used between
// them came to over a quarter of the heap.
func (r *Result) keep(fs []check.Finding) {
	if cap(r.chunk)-len(r.chunk) < len(fs) {
		r.chunk = make([]check.Finding, 0, max(findingChunk, len(fs)))
	}
	start := len(r.chunk)
	r.chunk = append(r.chunk, fs...)
	r.groups = append(r.groups, r.chunk[start:len(r.chunk):len(r.chunk)])
}
