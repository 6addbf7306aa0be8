package admission

import (
	"fmt"
	"strings"

	"github.com/kubeward/kubeward/internal/check"
)

// Action is what a finding does to a request.
type Action int

const (
	ActionNone    Action = iota // below every threshold: not even logged
	ActionAudit                 // allowed; logged and counted
	ActionWarn                  // allowed; returned to the client as a warning
	ActionEnforce               // the request is denied
)

var actionNames = [...]string{"none", "audit", "warn", "enforce"}

func (a Action) String() string { return actionNames[a] }

// ParseAction reads enforce, warn, audit or none.
func ParseAction(s string) (Action, error) {
	for i, n := range actionNames {
		if strings.EqualFold(s, n) {
			return Action(i), nil
		}
	}
	return ActionNone, fmt.Errorf("unknown mode %q (want enforce, warn, audit or none)", s)
}

// Level is the lowest severity a mode applies to; Off turns the mode off.
type Level struct {
	Min check.Severity
	Off bool
}

// ParseLevel reads a severity name, or "none" for off: the values of the
// --enforce/--warn/--audit flags and of the namespace labels.
func ParseLevel(s string) (Level, error) {
	if strings.EqualFold(s, "none") {
		return Level{Off: true}, nil
	}
	sev, err := check.ParseSeverity(s)
	if err != nil {
		return Level{}, fmt.Errorf("%q is neither a severity (critical, high, medium, low, info) nor none", s)
	}
	return Level{Min: sev}, nil
}

func (l Level) String() string {
	if l.Off {
		return "none"
	}
	return l.Min.String()
}

func (l Level) covers(s check.Severity) bool { return !l.Off && s >= l.Min }

// Levels are the thresholds of the three modes. A finding takes the
// strictest mode whose threshold its severity reaches.
type Levels struct {
	Enforce, Warn, Audit Level
}

// action is the mode of a finding of severity s.
func (l Levels) action(s check.Severity) Action {
	switch {
	case l.Enforce.covers(s):
		return ActionEnforce
	case l.Warn.covers(s):
		return ActionWarn
	case l.Audit.covers(s):
		return ActionAudit
	}
	return ActionNone
}

// The namespace labels that set a namespace's thresholds, as Pod Security
// Admission's pod-security.kubernetes.io/<mode> labels do.
const (
	LabelEnforce = "kubeward.dev/enforce"
	LabelWarn    = "kubeward.dev/warn"
	LabelAudit   = "kubeward.dev/audit"
)

// withLabels returns l with the thresholds a namespace's labels set. A
// label whose value is not a level is ignored and reported in problems, so
// that the client sees why its namespace setting has no effect.
func (l Levels) withLabels(labels map[string]string) (out Levels, problems []string) {
	out = l
	for _, m := range []struct {
		key string
		dst *Level
	}{{LabelEnforce, &out.Enforce}, {LabelWarn, &out.Warn}, {LabelAudit, &out.Audit}} {
		v, ok := labels[m.key]
		if !ok {
			continue
		}
		lvl, err := ParseLevel(v)
		if err != nil {
			problems = append(problems, fmt.Sprintf("namespace label %s: %v; the server default %s applies", m.key, err, m.dst))
			continue
		}
		*m.dst = lvl
	}
	return out, problems
}

// ParseCheckModes reads --check-mode values, "check-id=mode" each, against
// the known check IDs.
func ParseCheckModes(values []string, known func(id string) bool) (map[string]Action, error) {
	out := map[string]Action{}
	for _, v := range values {
		id, mode, ok := strings.Cut(v, "=")
		if !ok {
			return nil, fmt.Errorf("%q: want check-id=mode, e.g. latest-image-tag=enforce", v)
		}
		if !known(id) {
			return nil, fmt.Errorf("%q: unknown check %q", v, id)
		}
		a, err := ParseAction(mode)
		if err != nil {
			return nil, fmt.Errorf("%q: %v", v, err)
		}
		out[id] = a
	}
	return out, nil
}
