package check

import (
	"fmt"

	"github.com/kubeward/kubeward/internal/kube"
)

// Meta describes a check: what it looks for, how bad it is and how to fix it.
type Meta struct {
	ID          string // kebab-case, stable forever: "privileged-container"
	Title       string
	Severity    Severity
	Description string // what the check looks for and why it matters
	Remediation string
	Controls    []Control
	// Family groups related checks in reports (JUnit suites, docs): for
	// example "pod-security" or "workload".
	Family string
}

// Check is a check over one kind of subject: *kube.Workload runs once per
// workload object, kube.Container once per container of every workload kind,
// *kube.Object once per object of any kind.
type Check[T any] struct {
	Meta
	Run func(p *Pass[T]) error // an error means "could not evaluate", never "failed"
}

// Pass hands a check its subject and collects what it reports.
type Pass[T any] struct {
	Subject T
	Object  *kube.Object
	meta    *Meta
	report  func(Finding)
}

// Report records a failed finding at a field path of the object.
func (p *Pass[T]) Report(path, msg string) {
	p.report(Finding{Status: StatusFail, Path: path, Message: msg})
}

// Reportf is Report with a formatted message.
func (p *Pass[T]) Reportf(path, format string, args ...any) {
	p.Report(path, fmt.Sprintf(format, args...))
}

// Runner is what the engine needs from a check, whatever its subject type.
type Runner interface {
	Info() *Meta
	// Applies reports whether objects of this kind can yield subjects.
	Applies(kind string) bool
	run(o *kube.Object, emit func(Finding)) error
}

// Info returns the check's metadata.
func (c *Check[T]) Info() *Meta { return &c.Meta }

// Applies reports whether the check looks at objects of the given kind.
func (c *Check[T]) Applies(kind string) bool {
	switch any((*T)(nil)).(type) {
	case **kube.Workload, *kube.Container:
		return kube.IsWorkloadKind(kind)
	}
	return true
}

func (c *Check[T]) run(o *kube.Object, emit func(Finding)) error {
	subjects, err := subjectsOf[T](o)
	if err != nil {
		return err
	}
	for _, s := range subjects {
		report := emit
		if ct, ok := any(s).(kube.Container); ok {
			report = func(f Finding) { f.Container = ct.Name; emit(f) }
		}
		p := &Pass[T]{Subject: s, Object: o, meta: &c.Meta, report: report}
		if err := c.Run(p); err != nil {
			return err
		}
	}
	return nil
}

// subjectsOf yields the subjects of type T that an object holds.
func subjectsOf[T any](o *kube.Object) ([]T, error) {
	var out []T
	switch p := any(&out).(type) {
	case *[]*kube.Object:
		*p = append(*p, o)
	case *[]*kube.Workload:
		w, err := o.Workload()
		if err != nil || w == nil {
			return nil, err
		}
		*p = append(*p, w)
	case *[]kube.Container:
		w, err := o.Workload()
		if err != nil || w == nil {
			return nil, err
		}
		*p = w.Containers()
	default:
		return nil, fmt.Errorf("check subject type %T is not supported", out)
	}
	return out, nil
}
