// Package exception decides which findings are excepted: by annotation on
// the object or by the config file. It is the one place where that is
// evaluated, for every mode.
package exception

import (
	"fmt"
	"path"
	"strings"
	"time"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/config"
	"github.com/kubeward/kubeward/internal/kube"
)

// The annotations that except an object from checks.
const (
	IgnoreAnnotation = "kubeward.dev/ignore"
	ReasonAnnotation = "kubeward.dev/ignore-reason"
)

// MissingReason is reported when an object asks to ignore checks without
// saying why; the ignore is then not applied.
var MissingReason = check.Meta{
	ID:       "ignore-without-reason",
	Title:    "Ignore annotation without a reason",
	Severity: check.Medium,
	Family:   "exceptions",
	Description: "The object carries the " + IgnoreAnnotation + " annotation but no " + ReasonAnnotation +
		" annotation. An exception nobody can explain cannot be reviewed, so kubeward does not apply it.",
	Remediation: "Add the " + ReasonAnnotation + " annotation saying why the checks do not apply, or remove the ignore.",
}

// Set holds the exceptions in force for a run.
type Set struct {
	config []config.Exception
	strict bool // refuse annotation-based ignores
	now    time.Time
}

// New builds a Set. With strict, only the config file can except findings.
func New(excs []config.Exception, strict bool, now time.Time) *Set {
	return &Set{config: excs, strict: strict, now: now}
}

// Expired lists the config exceptions that no longer apply, so the caller
// can say so once.
func (s *Set) Expired() []config.Exception {
	var out []config.Exception
	for _, e := range s.config {
		if e.Expired(s.now) {
			out = append(out, e)
		}
	}
	return out
}

// Apply marks the object's suppressed findings (setting Suppressed to the
// reason) and returns the findings with any finding about the exceptions
// themselves appended.
func (s *Set) Apply(o *kube.Object, findings []check.Finding) []check.Finding {
	_, _, extra := s.annotationIgnores(o)
	return append(s.Suppress(o, findings), extra...)
}

// Suppress marks the suppressed findings about o, without reporting on the
// annotations themselves: for findings made after the object was evaluated
// (inventory analyzers), whose object Apply has already seen.
func (s *Set) Suppress(o *kube.Object, findings []check.Finding) []check.Finding {
	ignored, reason, _ := s.annotationIgnores(o)
	for i := range findings {
		f := &findings[i]
		if f.Status == check.StatusError {
			continue // an evaluation error is never hidden
		}
		if ignored[f.Check] || ignored["*"] {
			f.Suppressed = "annotation: " + reason
			continue
		}
		for _, e := range s.config {
			if !matches(e, o, f) {
				continue
			}
			if e.Expired(s.now) {
				f.Message += fmt.Sprintf(" (exception at %s:%d expired on %s)", e.File, e.Line, e.Expires.Format(time.DateOnly))
				continue
			}
			f.Suppressed = "config: " + e.Reason
			break
		}
	}
	return findings
}

// annotationIgnores reads the ignore annotations of an object.
func (s *Set) annotationIgnores(o *kube.Object) (map[string]bool, string, []check.Finding) {
	list, ok := o.Meta.Annotations[IgnoreAnnotation]
	if !ok || s.strict {
		return nil, "", nil
	}
	reason := strings.TrimSpace(o.Meta.Annotations[ReasonAnnotation])
	if reason == "" {
		p := kube.Key("metadata.annotations", IgnoreAnnotation)
		return nil, "", []check.Finding{{
			Check: MissingReason.ID, Severity: MissingReason.Severity, Status: check.StatusFail,
			Title: MissingReason.Title, Remediation: MissingReason.Remediation,
			Message: fmt.Sprintf("%s lists %q but %s is missing, so nothing is ignored", IgnoreAnnotation, list, ReasonAnnotation),
			Object:  o.Ref, Location: o.Locate(p), Path: p,
		}}
	}
	ids := map[string]bool{}
	for _, id := range strings.Split(list, ",") {
		if id = strings.TrimSpace(id); id != "" {
			ids[id] = true
		}
	}
	return ids, reason, nil
}

func matches(e config.Exception, o *kube.Object, f *check.Finding) bool {
	return listed(e.Checks, f.Check) &&
		glob(e.Namespace, o.Namespace) && glob(e.Kind, o.Kind) &&
		glob(e.Name, o.Name) && glob(e.Container, f.Container)
}

func listed(ids []string, id string) bool {
	for _, x := range ids {
		if x == id || x == "*" {
			return true
		}
	}
	return false
}

// glob matches a config pattern; an empty pattern matches anything.
func glob(pattern, value string) bool {
	if pattern == "" {
		return true
	}
	ok, err := path.Match(pattern, value)
	return err == nil && ok
}
