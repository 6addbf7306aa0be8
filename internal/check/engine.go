package check

import (
	"fmt"
	"log/slog"
	"runtime/debug"

	"github.com/kubeward/kubeward/internal/kube"
)

// Options tune an Engine. The zero value runs every check at its own severity.
type Options struct {
	Disabled   map[string]bool     // check IDs not to run
	Severities map[string]Severity // per-check severity overrides
}

// Engine runs a fixed set of checks over objects. It is safe for concurrent
// use: Evaluate keeps no state between calls.
type Engine struct {
	runners    []Runner
	frameworks map[string]Frameworks
	severity   map[string]Severity
}

// NewEngine prepares the checks once: metadata is resolved here so the
// per-object path only copies it.
func NewEngine(all []Runner, opts Options) *Engine {
	e := &Engine{frameworks: map[string]Frameworks{}, severity: map[string]Severity{}}
	for _, r := range all {
		m := r.Info()
		if opts.Disabled[m.ID] {
			continue
		}
		e.runners = append(e.runners, r)
		e.frameworks[m.ID] = frameworksOf(m.Controls)
		sev := m.Severity
		if s, ok := opts.Severities[m.ID]; ok {
			sev = s
		}
		e.severity[m.ID] = sev
	}
	return e
}

// Runners lists the checks the engine runs.
func (e *Engine) Runners() []Runner { return e.runners }

// Wants reports whether any check looks at objects of this kind; a loader
// uses it to skip the full decode of everything else.
func (e *Engine) Wants(kind string) bool {
	for _, r := range e.runners {
		if r.Applies(kind) {
			return true
		}
	}
	return false
}

// Evaluate runs every applicable check on one object. The error is set when
// the object itself cannot be evaluated (its pod template does not decode);
// a check that fails to evaluate yields a finding with status Error instead.
func (e *Engine) Evaluate(o *kube.Object) ([]Finding, error) {
	if kube.IsWorkloadKind(o.Kind) {
		if _, err := o.Workload(); err != nil {
			return nil, err
		}
	}
	var out []Finding
	for _, r := range e.runners {
		if !r.Applies(o.Kind) {
			continue
		}
		m := r.Info()
		emit := func(f Finding) {
			f.Check = m.ID
			f.Severity = e.severity[m.ID]
			f.Title = m.Title
			f.Remediation = m.Remediation
			f.Frameworks = e.frameworks[m.ID]
			f.Object = o.Ref
			f.Location = o.Locate(f.Path)
			out = append(out, f)
		}
		if err := runGuarded(r, o, emit); err != nil {
			emit(Finding{Status: StatusError, Message: "could not evaluate: " + err.Error()})
		}
	}
	return out, nil
}

// runGuarded turns a panic inside a check into an error so one bad check or
// one odd object cannot stop a scan or an admission server.
func runGuarded(r Runner, o *kube.Object, emit func(Finding)) (err error) {
	defer func() {
		if v := recover(); v != nil {
			slog.Error("check panicked", "check", r.Info().ID, "object", o.Ref.String(), "panic", v, "stack", string(debug.Stack()))
			err = fmt.Errorf("check panicked: %v", v)
		}
	}()
	return r.run(o, emit)
}
