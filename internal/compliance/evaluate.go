package compliance

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
	"github.com/kubeward/kubeward/internal/report"
)

// Input is what a run tells about coverage: the checks known and enabled,
// what the engine evaluated, and the findings before any --severity
// filter (the view must not depend on what is shown).
type Input struct {
	All        []*check.Meta  // every known check, enabled or not
	Enabled    []check.Runner // the checks that ran
	Coverage   []check.Coverage
	Kinds      map[string]int // objects evaluated per kind
	Findings   []check.Finding
	Suppressed []check.Finding
}

// Evaluate judges every control of a framework. A control passes when its
// checks evaluated at least one object and none failed; it fails when an
// object has a failing (fail or warn), unsuppressed finding of one of its
// checks; otherwise it is not evaluated, with the reason. A check error
// never lets a control pass: a control with errors and no failure is not
// evaluated.
func Evaluate(framework string, in Input) (report.Compliance, error) {
	controls, err := Controls(framework, in.All)
	if err != nil {
		return report.Compliance{}, err
	}
	enabled := map[string]check.Runner{}
	for _, r := range in.Enabled {
		enabled[r.Info().ID] = r
	}
	coverage := map[string]check.Coverage{}
	for _, c := range in.Coverage {
		coverage[c.Check] = c
	}
	kinds := make([]string, 0, len(in.Kinds))
	for k := range in.Kinds {
		kinds = append(kinds, k)
	}
	slices.Sort(kinds)

	out := report.Compliance{Framework: framework, Title: Title(framework)}
	for _, c := range controls {
		res := report.ControlResult{ID: c.ID, Title: c.Title, Checks: []string{}}
		var disabled []string
		var runners []check.Runner
		for _, m := range c.Checks {
			if r, ok := enabled[m.ID]; ok {
				runners = append(runners, r)
				res.Checks = append(res.Checks, m.ID)
			} else {
				disabled = append(disabled, m.ID)
			}
		}
		for _, k := range kinds {
			if slices.ContainsFunc(runners, func(r check.Runner) bool { return r.Applies(k) }) {
				res.Evaluated += in.Kinds[k]
			}
		}
		var errs []string
		for _, id := range res.Checks {
			if n := coverage[id].Errors; n > 0 {
				errs = append(errs, fmt.Sprintf("%s could not evaluate %d %s", id, n, plural(n, "object")))
			}
		}
		errs = append(errs, notEvaluated(res.Checks, in.Findings)...)
		failing(&res, in.Findings, in.Suppressed)
		switch {
		case res.Failing > 0:
			res.Status = report.ControlFail
			res.Reason = strings.Join(errs, "; ")
		case len(runners) == 0 && len(disabled) > 0:
			res.Status, res.Reason = report.ControlNotEvaluated, "its checks are disabled: "+strings.Join(disabled, ", ")
		case len(runners) == 0:
			res.Status, res.Reason = report.ControlNotEvaluated, "no kubeward check covers it"
		case len(errs) > 0:
			res.Status, res.Reason = report.ControlNotEvaluated, strings.Join(errs, "; ")
		case res.Evaluated == 0:
			res.Status, res.Reason = report.ControlNotEvaluated, "no object of a kind its checks inspect was scanned"
		default:
			res.Status = report.ControlPass
		}
		out.Controls = append(out.Controls, res)
	}
	out.Summarize()
	return out, nil
}

// failing fills the failing objects and finding counts of a control whose
// enabled checks are res.Checks.
func failing(res *report.ControlResult, findings, suppressed []check.Finding) {
	type key struct {
		ref  kube.Ref
		file string
	}
	objects := map[key]*report.FailingObject{}
	for _, f := range findings {
		if !fails(f) || !slices.Contains(res.Checks, f.Check) {
			continue
		}
		res.Findings++
		k := key{f.Object, f.Location.File}
		o := objects[k]
		if o == nil {
			o = &report.FailingObject{Object: f.Object, Location: f.Location}
			objects[k] = o
		}
		if f.Location.Line > 0 && (o.Location.Line == 0 || f.Location.Line < o.Location.Line) {
			o.Location = f.Location
		}
		if !slices.Contains(o.Checks, f.Check) {
			o.Checks = append(o.Checks, f.Check)
		}
	}
	for _, f := range suppressed {
		if fails(f) && slices.Contains(res.Checks, f.Check) {
			res.Suppressed++
		}
	}
	res.Failing = len(objects)
	for _, o := range objects {
		slices.Sort(o.Checks)
		res.Objects = append(res.Objects, *o)
	}
	slices.SortFunc(res.Objects, func(a, b report.FailingObject) int {
		return cmp.Or(cmp.Compare(a.Location.File, b.Location.File), cmp.Compare(a.Object.Namespace, b.Object.Namespace),
			cmp.Compare(a.Object.Kind, b.Object.Kind), cmp.Compare(a.Object.Name, b.Object.Name),
			cmp.Compare(a.Location.Line, b.Location.Line))
	})
}

// notEvaluated gives the distinct reasons why checks were not evaluated
// on some objects (a kind a cluster scan could not list): like an error,
// that keeps the control from passing on what it did not see.
func notEvaluated(checks []string, findings []check.Finding) []string {
	var out []string
	for _, f := range findings {
		if f.Status == check.StatusNotEvaluated && slices.Contains(checks, f.Check) && !slices.Contains(out, f.Message) {
			out = append(out, f.Message)
		}
	}
	return out
}

func fails(f check.Finding) bool {
	return f.Status == check.StatusFail || f.Status == check.StatusWarn
}

func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}
