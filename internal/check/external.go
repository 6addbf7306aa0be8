package check

import (
	"slices"

	"github.com/kubeward/kubeward/internal/kube"
)

// External is a check defined outside kubeward's Go code, such as a custom
// Rego policy. Unlike Check it may report several rules: each finding can
// carry a Check ID and Severity of its own, which the engine keeps (subject
// to the user's disables and severity overrides for that ID) instead of
// overwriting them with the runner's.
type External struct {
	Meta
	// Kinds the check looks at; empty means every kind, which makes the
	// loader parse every document.
	Kinds []string
	// Eval evaluates one object. It must be safe for concurrent use. A
	// finding with an empty Check is reported under Meta.ID and
	// Meta.Severity; an error becomes an error finding for the object.
	Eval func(o *kube.Object) ([]Finding, error)
}

// Info returns the check's metadata.
func (x *External) Info() *Meta { return &x.Meta }

// Applies reports whether the check looks at objects of this kind.
func (x *External) Applies(kind string) bool {
	return len(x.Kinds) == 0 || slices.Contains(x.Kinds, kind)
}

// Wants reports whether an object is worth parsing for this check.
func (x *External) Wants(_, kind string) bool { return x.Applies(kind) }

func (x *External) run(o *kube.Object, _ *Settings, emit func(Finding)) (int, error) {
	fs, err := x.Eval(o)
	if err != nil {
		return 1, err
	}
	for _, f := range fs {
		emit(f)
	}
	return 1, nil
}

// fillExternal completes a finding an External check reported under an ID
// of its own; it returns false when the user disabled that ID.
func (e *Engine) fillExternal(f *Finding, r *resolved) bool {
	if e.disabled[f.Check] {
		return false
	}
	if s, ok := e.overrides[f.Check]; ok {
		f.Severity = s
	}
	if f.Title == "" {
		f.Title = r.meta.Title
	}
	if f.Remediation == "" {
		f.Remediation = r.meta.Remediation
	}
	f.Frameworks = r.frameworks
	return true
}
