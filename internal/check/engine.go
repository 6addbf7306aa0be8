package check

import (
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"slices"
	"sync"

	"github.com/kubeward/kubeward/internal/kube"
)

// Options tune an Engine. The zero value runs every check at its own severity.
type Options struct {
	Disabled   map[string]bool     // check IDs not to run
	Severities map[string]Severity // per-check severity overrides
	Settings   Settings
}

// Settings are the user's parameters that some checks read, from
// .kubeward.yaml and flags. The zero value is the default of each.
type Settings struct {
	// AllowedRegistries lists the image registries (host, or host/path
	// prefix) images may come from; empty allows every registry.
	AllowedRegistries []string
	// KubernetesVersion is the cluster version manifests target
	// ("1.32"); empty means the newest version kubeward knows.
	KubernetesVersion string
}

// Engine runs a fixed set of checks over objects. It is safe for concurrent
// use: Evaluate keeps no state between calls.
type Engine struct {
	settings Settings
	inv      inventory
	runners  []Runner
	resolved []resolved  // by place in runners
	counters []*counters // coverage, see Coverage
	// disabled and overrides are the user's options by check ID, for
	// the IDs External checks report under.
	disabled  map[string]bool
	overrides map[string]Severity
	// applying holds, by kind, the places in runners of the runners that
	// apply to it: asked once per kind rather than of every runner for
	// every object.
	applying sync.Map // string → []int
	wanted   sync.Map // [2]string{apiVersion, kind} → bool, see Wants
}

// runnersFor returns the places in e.runners of the runners that apply to
// kind, in order.
func (e *Engine) runnersFor(kind string) []int {
	if v, ok := e.applying.Load(kind); ok {
		return v.([]int)
	}
	places := []int{}
	for i, r := range e.runners {
		if r.Applies(kind) {
			places = append(places, i)
		}
	}
	v, _ := e.applying.LoadOrStore(kind, places)
	return v.([]int)
}

// NewEngine prepares the checks once: metadata is resolved here so the
// per-object path only copies it.
func NewEngine(all []Runner, opts Options) *Engine {
	e := &Engine{inv: inventory{facts: map[any][]Fact{}}, settings: opts.Settings,
		disabled: opts.Disabled, overrides: opts.Severities}
	for _, r := range all {
		m := r.Info()
		if opts.Disabled[m.ID] {
			continue
		}
		e.runners = append(e.runners, r)
		sev := m.Severity
		if s, ok := opts.Severities[m.ID]; ok {
			sev = s
		}
		e.resolved = append(e.resolved, resolved{meta: m, severity: sev, frameworks: frameworksOf(m.Controls)})
	}
	e.counters = newCounters(len(e.runners))
	return e
}

// Runners lists the checks the engine runs.
func (e *Engine) Runners() []Runner { return e.runners }

// Wants reports whether any check looks at this object; a loader uses it
// to skip the full decode of everything else.
func (e *Engine) Wants(apiVersion, kind string) bool {
	key := [2]string{apiVersion, kind}
	if v, ok := e.wanted.Load(key); ok {
		return v.(bool)
	}
	wants := slices.ContainsFunc(e.runners, func(r Runner) bool { return r.Wants(apiVersion, kind) })
	e.wanted.Store(key, wants)
	return wants
}

// Evaluate runs every applicable check on one object. The error is set when
// the object itself cannot be evaluated (its pod template does not decode);
// a check that fails to evaluate yields a finding with status Error instead.
func (e *Engine) Evaluate(o *kube.Object) ([]Finding, error) {
	return e.EvaluateInto(o, nil)
}

// EvaluateInto is Evaluate writing the findings over into: a caller that
// copies them out can reuse one buffer for every object instead of
// growing a new slice for each.
func (e *Engine) EvaluateInto(o *kube.Object, into []Finding) ([]Finding, error) {
	if kube.IsWorkloadKind(o.Kind) {
		if _, err := o.Workload(); err != nil {
			return nil, err
		}
	}
	em := &emitter{e: e, o: o, out: into[:0]}
	emit := em.emit // one closure for every check of the object
	// What each check evaluated is counted once the object is done: an
	// object that turns out not to decode counts for no check.
	var buf [64]ran
	done := buf[:0]
	var pools []collected // facts collected for shared pools, this object
	for _, i := range e.runnersFor(o.Kind) {
		r := e.runners[i]
		em.r = &e.resolved[i]
		_, em.external = r.(*External)
		if a, ok := r.(*Analyzer); ok {
			facts, fresh, err := collectOnce(a, o, &pools)
			if err != nil {
				emit(Finding{Status: StatusError, Message: "could not evaluate: " + err.Error()})
			} else if len(facts) > 0 && fresh {
				e.inv.add(a, facts)
			}
			done = append(done, ran{runner: i, subjects: len(facts), failed: err != nil})
			continue
		}
		n, err := runGuarded(r, o, &e.settings, emit)
		if err != nil {
			var se *kube.SchemaError
			if errors.As(err, &se) {
				return nil, err
			}
			emit(Finding{Status: StatusError, Message: "could not evaluate: " + err.Error()})
		}
		done = append(done, ran{runner: i, subjects: n, failed: err != nil})
	}
	e.count(o, done)
	return em.out, nil
}

// emitter completes the findings of the check at hand (r) on one object
// and collects them.
type emitter struct {
	e        *Engine
	o        *kube.Object
	r        *resolved // the check at hand's
	external bool
	out      []Finding
}

func (em *emitter) emit(f Finding) {
	if em.external && f.Check != "" {
		if !em.e.fillExternal(&f, em.r) {
			return
		}
	} else {
		fill(&f, em.r)
	}
	f.Object = em.o.Ref
	f.Location = em.o.Locate(f.Path)
	em.out = append(em.out, f)
}

// resolved is a check's metadata as its findings carry it, with the
// user's severity override applied: looked up once, not per finding.
type resolved struct {
	meta       *Meta
	severity   Severity
	frameworks *Frameworks
}

// fill copies a check's metadata into a finding.
func fill(f *Finding, r *resolved) {
	f.Check = r.meta.ID
	f.Severity = r.severity
	f.Title = r.meta.Title
	f.Remediation = r.meta.Remediation
	f.Frameworks = r.frameworks
}

// collected is what a shared pool's Collect gave for one object.
type collected struct {
	pool  string
	facts []Fact
	err   error
}

// collectOnce collects an analyzer's facts from the object, or returns
// those already collected for its shared pool; fresh says they are new.
func collectOnce(a *Analyzer, o *kube.Object, pools *[]collected) (facts []Fact, fresh bool, err error) {
	if a.Shares == "" {
		facts, err = collectGuarded(a, o)
		return facts, true, err
	}
	for _, c := range *pools {
		if c.pool == a.Shares {
			return c.facts, false, c.err
		}
	}
	facts, err = collectGuarded(a, o)
	*pools = append(*pools, collected{a.Shares, facts, err})
	return facts, true, err
}

func collectGuarded(a *Analyzer, o *kube.Object) (facts []Fact, err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("check panicked: %v", v)
		}
	}()
	return a.Collect(o)
}

// runGuarded turns a panic inside a check into an error so one bad check or
// one odd object cannot stop a scan or an admission server.
func runGuarded(r Runner, o *kube.Object, s *Settings, emit func(Finding)) (n int, err error) {
	defer func() {
		if v := recover(); v != nil {
			slog.Error("check panicked", "check", r.Info().ID, "object", o.Ref.String(), "panic", v, "stack", string(debug.Stack()))
			err = fmt.Errorf("check panicked: %v", v)
		}
	}()
	return r.run(o, s, emit)
}
