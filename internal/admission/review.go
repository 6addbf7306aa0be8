package admission

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	admissionv1 "k8s.io/api/admission/v1"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/config"
	"github.com/kubeward/kubeward/internal/exception"
)

// Config is how the webhook decides, built by the CLI from flags.
type Config struct {
	// Defaults are the mode thresholds where a namespace sets none.
	Defaults Levels
	// CheckModes fix the mode of single checks, whatever their severity
	// and the namespace labels say.
	CheckModes map[string]Action
	Exempt     Exemptions
	// StrictUpdates makes every enforced finding deny an UPDATE, not only
	// the findings the old object did not have.
	StrictUpdates bool
	// FailOpen admits a request whose evaluation failed (a check errored
	// or panicked); the default denies it.
	FailOpen bool
	// Namespaces gives namespace labels; nil applies Defaults everywhere.
	Namespaces NamespaceLabels
	// Exceptions and StrictExceptions are .kubeward.yaml's exceptions and
	// scan's --strict-exceptions.
	Exceptions       []config.Exception
	StrictExceptions bool
}

// NamespaceLabels looks up the labels of a namespace.
type NamespaceLabels interface {
	Labels(ctx context.Context, namespace string) (map[string]string, error)
}

// Reviewer decides admission requests. It is safe for concurrent use.
type Reviewer struct {
	cfg    Config
	engine *check.Engine
	log    *slog.Logger
}

// NewReviewer returns a Reviewer running the engine's checks. The engine
// must not hold inventory analyzers: a single request cannot answer
// questions about the whole cluster (see Runners).
func NewReviewer(cfg Config, engine *check.Engine, log *slog.Logger) *Reviewer {
	return &Reviewer{cfg: cfg, engine: engine, log: log}
}

// Runners drops the runners that need a whole inventory (check.Analyzer):
// in admission they would collect facts from every request forever and
// never report.
func Runners(all []check.Runner) []check.Runner {
	var out []check.Runner
	for _, r := range all {
		if _, ok := r.(*check.Analyzer); !ok {
			out = append(out, r)
		}
	}
	return out
}

// Result is the outcome of a review, as logged and counted.
type Result string

const (
	ResultAllowed Result = "allowed" // no finding warns or denies
	ResultWarned  Result = "warned"  // allowed with warnings
	ResultDenied  Result = "denied"  // an enforced finding
	ResultExempt  Result = "exempt"  // not evaluated: an exemption matched
	ResultSkipped Result = "skipped" // not evaluated: nothing to check
	ResultError   Result = "error"   // evaluation failed; allowed per FailOpen
)

// Decision is the answer to one request and what led to it.
type Decision struct {
	Allowed  bool
	Result   Result
	Message  string // why it is denied
	Warnings []string
	Verdicts []Verdict // the findings that took a mode, in engine order
	// Reason says why a request was exempt or skipped, or what failed.
	Reason     string
	Suppressed int // findings excepted by annotations or .kubeward.yaml
}

// Verdict is one finding and what it did to the request.
type Verdict struct {
	check.Finding
	Action Action
	// Existing: on an UPDATE, the old object had this finding too, so it
	// does not deny (it warns instead) unless StrictUpdates.
	Existing bool
}

// Review decides one request.
func (r *Reviewer) Review(ctx context.Context, req *admissionv1.AdmissionRequest) Decision {
	if req.Operation != admissionv1.Create && req.Operation != admissionv1.Update {
		return Decision{Allowed: true, Result: ResultSkipped, Reason: "operation " + string(req.Operation)}
	}
	// Pod ephemeral containers are set through their own subresource;
	// other subresources (status, scale, binding) change nothing checks read.
	if req.SubResource != "" && req.SubResource != "ephemeralcontainers" {
		return Decision{Allowed: true, Result: ResultSkipped, Reason: "subresource " + req.SubResource}
	}
	if len(req.Object.Raw) == 0 {
		return Decision{Allowed: true, Result: ResultSkipped, Reason: "no object"}
	}
	ns := req.Namespace
	if req.Kind.Kind == "Namespace" && req.Kind.Group == "" {
		ns = req.Name // exempting a namespace exempts the namespace object too
	}
	if why := r.cfg.Exempt.match(req, ns); why != "" {
		return Decision{Allowed: true, Result: ResultExempt, Reason: why}
	}
	obj, err := newObject(req, req.Object.Raw)
	if err != nil {
		return r.failed(fmt.Errorf("read object: %w", err))
	}
	if req.Operation == admissionv1.Update && obj.Meta.DeletionTimestamp != nil {
		// Removing finalizers of an object being deleted must not be blocked.
		return Decision{Allowed: true, Result: ResultSkipped, Reason: "object is being deleted"}
	}
	if !r.engine.Wants(obj.APIVersion, obj.Kind) {
		return Decision{Allowed: true, Result: ResultSkipped, Reason: "no check looks at " + obj.Kind}
	}
	excs := exception.New(r.cfg.Exceptions, r.cfg.StrictExceptions, time.Now())
	findings, err := r.engine.Evaluate(obj)
	if err != nil {
		return r.failed(fmt.Errorf("evaluate %s: %w", obj.Ref, err))
	}
	findings = excs.Apply(obj, findings)

	var d Decision
	var problems []string
	levels := r.cfg.Defaults
	if req.Namespace != "" && r.cfg.Namespaces != nil {
		labels, err := r.cfg.Namespaces.Labels(ctx, req.Namespace)
		if err != nil {
			r.log.Warn("namespace labels unknown; server defaults apply", "namespace", req.Namespace, "error", err)
		}
		levels, problems = levels.withLabels(labels)
	}
	var old map[findingKey]bool
	if req.Operation == admissionv1.Update && !r.cfg.StrictUpdates {
		old = r.oldFindings(req, excs)
	}
	d.Verdicts = make([]Verdict, 0, len(findings))
	for _, f := range findings {
		if f.Suppressed != "" {
			d.Suppressed++
			continue
		}
		if f.Status == check.StatusError || f.Status == check.StatusNotEvaluated {
			return r.failed(fmt.Errorf("check %s could not evaluate %s: %s", f.Check, obj.Ref, f.Message))
		}
		a := levels.action(f.Severity)
		if m, ok := r.cfg.CheckModes[f.Check]; ok {
			a = m
		}
		if a == ActionNone {
			continue
		}
		v := Verdict{Finding: f, Action: a}
		if old != nil && old[keyOf(f)] {
			v.Existing = true
		}
		d.Verdicts = append(d.Verdicts, v)
	}
	d.decide(problems)
	return d
}

// oldFindings are the keys of what the old object of an UPDATE fails. An
// old object that cannot be evaluated has none: every finding counts as new.
func (r *Reviewer) oldFindings(req *admissionv1.AdmissionRequest, excs *exception.Set) map[findingKey]bool {
	if len(req.OldObject.Raw) == 0 {
		return nil
	}
	o, err := newObject(req, req.OldObject.Raw)
	if err != nil {
		return map[findingKey]bool{}
	}
	fs, err := r.engine.Evaluate(o)
	if err != nil {
		return map[findingKey]bool{}
	}
	out := make(map[findingKey]bool, len(fs))
	for _, f := range excs.Apply(o, fs) {
		if f.Status == check.StatusFail {
			out[keyOf(f)] = true
		}
	}
	return out
}

// failed is the decision when evaluation itself failed: denied unless the
// server is configured to fail open, in which case the client is told.
func (r *Reviewer) failed(err error) Decision {
	msg := "kubeward could not evaluate this request: " + err.Error()
	if r.cfg.FailOpen {
		return Decision{Allowed: true, Result: ResultError, Reason: err.Error(),
			Warnings: []string{msg + " (admitted: the webhook fails open)"}}
	}
	return Decision{Allowed: false, Result: ResultError, Reason: err.Error(), Message: msg}
}
