package check

import (
	"fmt"
	"reflect"
	"sync"

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
	// Peers names the equivalent check of other scanners, for users
	// migrating their findings and ignores (docs/crosswalk.md).
	Peers Peers
}

// Peers are the IDs of the same check in other tools; empty where the tool
// has none.
type Peers struct {
	KubeLinter string // kube-linter check name, e.g. "privileged-container"
	Polaris    string // Polaris check ID, e.g. "privilegeEscalationAllowed"
	Kubescape  string // Kubescape control ID, e.g. "C-0057"
	Trivy      string // Trivy misconfiguration ID, e.g. "KSV017"
	Checkov    string // Checkov check ID, e.g. "CKV_K8S_16"
}

// Check is a check over one kind of subject: *kube.Workload runs once per
// workload object, kube.Container once per container of every workload kind,
// *kube.Object once per object of any kind.
type Check[T any] struct {
	Meta
	Run func(p *Pass[T]) error // an error means "could not evaluate", never "failed"
	// Filter, when set, narrows the objects of the subject's kinds that are
	// worth parsing for this check, from their apiVersion and kind alone
	// (the loader knows both before parsing).
	Filter func(apiVersion, kind string) bool

	kindsOnce sync.Once
	kinds     map[string]bool // nil: every kind
}

// Pass hands a check its subject and collects what it reports.
type Pass[T any] struct {
	Subject   T
	Object    *kube.Object
	Settings  *Settings // the user's check parameters; never nil
	meta      *Meta
	report    func(Finding)
	container string // the subject's name when it is a container
}

// Report records a failed finding at a field path of the object.
func (p *Pass[T]) Report(path, msg string) {
	p.report(Finding{Status: StatusFail, Path: path, Message: msg, Container: p.container})
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
	// Wants reports whether an object is worth parsing for this check.
	Wants(apiVersion, kind string) bool
	// run evaluates the object and returns how many subjects it looked at.
	run(o *kube.Object, s *Settings, emit func(Finding)) (int, error)
}

// Info returns the check's metadata.
func (c *Check[T]) Info() *Meta { return &c.Meta }

// Applies reports whether the check looks at objects of the given kind:
// the kinds its subject type is made from.
func (c *Check[T]) Applies(kind string) bool {
	c.kindsOnce.Do(func() {
		kinds, all, _ := kube.ViewKinds(reflect.TypeFor[T]())
		if !all {
			c.kinds = map[string]bool{}
			for _, k := range kinds {
				c.kinds[k] = true
			}
		}
	})
	return c.kinds == nil || c.kinds[kind]
}

// Wants reports whether an object is worth parsing for this check.
func (c *Check[T]) Wants(apiVersion, kind string) bool {
	return c.Applies(kind) && (c.Filter == nil || c.Filter(apiVersion, kind))
}

func (c *Check[T]) run(o *kube.Object, settings *Settings, emit func(Finding)) (int, error) {
	subjects, err := kube.Subjects[T](o)
	if err != nil {
		return 0, err
	}
	// One pass serves every subject: checks do not keep it, and a pass
	// and a closure for each container of each check was a large share of
	// a scan's allocations.
	p := &Pass[T]{Object: o, Settings: settings, meta: &c.Meta, report: emit}
	for _, s := range subjects {
		p.Subject, p.container = s, ""
		if ct, ok := any(s).(kube.Container); ok {
			p.container = ct.Name
		}
		if err := c.Run(p); err != nil {
			return len(subjects), err
		}
	}
	return len(subjects), nil
}
