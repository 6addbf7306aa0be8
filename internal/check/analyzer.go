package check

import (
	"cmp"
	"log/slog"
	"runtime"
	"slices"
	"sync"
	"time"

	"github.com/kubeward/kubeward/internal/kube"
)

// Analyzer is a check over the whole inventory of a scan, for questions no
// single object answers ("does any NetworkPolicy select this namespace's
// pods?"). Collect runs on each object of its kinds as it is evaluated and
// keeps only small facts, so the scan still streams; Analyze runs once at
// the end over all facts, in a fixed order.
type Analyzer struct {
	Meta
	Kinds []string
	// Collect extracts what the analysis needs from one object. It runs
	// concurrently and must not keep the object: field positions are
	// resolved here (o.Locate), while the object still has them.
	Collect func(o *kube.Object) ([]Fact, error)
	// Analyze reports findings about the facts' objects; report fills in
	// the check's metadata, and the object's location when the finding has
	// none.
	Analyze func(facts []Fact, report func(subject *kube.Object, f Finding))
	// Shares, when set, names facts several analyzers have in common:
	// analyzers with the same Shares have the same Kinds, Collect and
	// Prepare, and the engine collects once per object for all of them.
	Shares string
	// Prepare, when set, does once per scan the work that the analyzers
	// of its Shares pool have in common (a search over the whole
	// inventory); the engine hands its result to each one's
	// AnalyzePrepared, which then stands in for Analyze.
	Prepare         func(facts []Fact) any
	AnalyzePrepared func(prepared any, report func(subject *kube.Object, f Finding))
}

// pool is the key of the analyzer's facts in an inventory.
func (a *Analyzer) pool() any {
	if a.Shares != "" {
		return a.Shares
	}
	return a
}

// Fact is what an analyzer keeps of one object.
type Fact struct {
	Object *kube.Object // a shell: ref, metadata and location, no content
	Value  any
}

// Shell is what a fact keeps of an object, so that it does not pin the
// object's content: one copy per object, whatever the facts about it.
func Shell(o *kube.Object) *kube.Object { return o.Shell() }

// Info returns the analyzer's metadata.
func (a *Analyzer) Info() *Meta { return &a.Meta }

// Applies reports whether the analyzer collects facts from this kind.
func (a *Analyzer) Applies(kind string) bool { return slices.Contains(a.Kinds, kind) }

// Wants reports whether an object is worth parsing for this analyzer.
func (a *Analyzer) Wants(_, kind string) bool { return a.Applies(kind) }

// run is a no-op for analyzers: the engine collects their facts instead.
func (a *Analyzer) run(*kube.Object, *Settings, func(Finding)) (int, error) { return 0, nil }

// inventory holds the facts of one scan.
type inventory struct {
	mu    sync.Mutex
	facts map[any][]Fact // by Analyzer.pool
}

func (inv *inventory) add(a *Analyzer, fs []Fact) {
	inv.mu.Lock()
	inv.facts[a.pool()] = append(inv.facts[a.pool()], fs...)
	inv.mu.Unlock()
}

// Analyze runs every analyzer over the facts collected so far and returns
// their findings in the order of the engine's analyzers, with the object
// each is about at the same place in subjects (for exceptions). The
// analyzers of one pool run one after the other (they share its sorted
// facts and what Prepare made); pools run side by side, on as many cores
// as there are, since each reads only its own facts.
func (e *Engine) Analyze() (findings []Finding, subjects []*kube.Object) {
	var pools []any
	byPool := map[any][]int{} // places in e.runners, in order
	for i, r := range e.runners {
		if a, ok := r.(*Analyzer); ok {
			if _, seen := byPool[a.pool()]; !seen {
				pools = append(pools, a.pool())
			}
			byPool[a.pool()] = append(byPool[a.pool()], i)
		}
	}
	// The pools with the most facts first: the one that takes longest
	// should not start last.
	slices.SortStableFunc(pools, func(a, b any) int { return cmp.Compare(len(e.inv.facts[b]), len(e.inv.facts[a])) })
	found := make([]analyzed, len(e.runners)) // by place in e.runners
	work := make(chan any)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(pools)) {
		wg.Go(func() {
			for pool := range work {
				e.analyzePool(pool, byPool[pool], found)
			}
		})
	}
	for _, pool := range pools {
		work <- pool
	}
	close(work)
	wg.Wait()
	clear(e.inv.facts) // consumed: the engine can run another scan
	n := 0
	for _, a := range found {
		n += a.n
	}
	findings, subjects = make([]Finding, 0, n), make([]*kube.Object, 0, n)
	for _, a := range found {
		for i, block := range a.findings {
			findings, subjects = append(findings, block...), append(subjects, a.subjects[i]...)
		}
	}
	return findings, subjects
}

// analyzed holds one analyzer's findings in blocks that double in size,
// so that tens of thousands of them are not copied again at each growth.
type analyzed struct {
	findings [][]Finding
	subjects [][]*kube.Object
	n        int
}

func (a *analyzed) add(subject *kube.Object, f Finding) {
	last := len(a.findings) - 1
	if last < 0 || len(a.findings[last]) == cap(a.findings[last]) {
		size := max(64, a.n)
		a.findings = append(a.findings, make([]Finding, 0, size))
		a.subjects = append(a.subjects, make([]*kube.Object, 0, size))
		last++
	}
	a.findings[last] = append(a.findings[last], f)
	a.subjects[last] = append(a.subjects[last], subject)
	a.n++
}

// analyzePool runs the analyzers of one pool (places in e.runners) over
// its facts, putting each one's findings at its place in found.
func (e *Engine) analyzePool(pool any, places []int, found []analyzed) {
	started := time.Now()
	facts := e.inv.facts[pool]
	sortFacts(facts)
	var prepared any
	defer func() {
		slog.Debug("analyzers ran", "first", e.runners[places[0]].Info().ID, "analyzers", len(places),
			"facts", len(facts), "elapsed", time.Since(started))
	}()
	for n, i := range places {
		a := e.runners[i].(*Analyzer)
		report := func(subject *kube.Object, f Finding) {
			if f.Location.File == "" && f.Location.Line == 0 {
				f.Location = subject.Location
			}
			f.Object = subject.Ref
			fill(&f, &e.resolved[i])
			if f.Status == "" {
				f.Status = StatusFail
			}
			found[i].add(subject, f)
		}
		if a.Prepare == nil {
			a.Analyze(facts, report)
			continue
		}
		if n == 0 {
			prepared = a.Prepare(facts)
		}
		a.AnalyzePrepared(prepared, report)
	}
}

// sortFacts puts facts in input order. Objects read from a cluster have
// no file or line and arrive in any order: their refs order them.
func sortFacts(facts []Fact) {
	slices.SortStableFunc(facts, func(x, y Fact) int {
		return cmp.Or(cmp.Compare(x.Object.Location.File, y.Object.Location.File),
			cmp.Compare(x.Object.Location.Line, y.Object.Location.Line),
			cmp.Compare(x.Object.Namespace, y.Object.Namespace), cmp.Compare(x.Object.Kind, y.Object.Kind),
			cmp.Compare(x.Object.Name, y.Object.Name))
	})
}
