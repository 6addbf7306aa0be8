package policy

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/kubeward/kubeward/internal/check"
)

// findings turns the value of deny or warn into findings. Each element is
// either a message string or an object {id, severity, message, path} in
// which only message is required. Anything else is an error: a policy that
// returns something kubeward cannot read has not been evaluated.
func (p *Policy) findings(rule string, v any) ([]check.Finding, error) {
	var elems []any
	switch v := v.(type) {
	case []any: // a set or an array
		elems = v
	case nil:
		return nil, nil
	default:
		return nil, fmt.Errorf("%s is a %s; want a set of messages or of {id, severity, message, path} objects", rule, typeName(v))
	}
	status := check.StatusFail
	if rule == "warn" {
		status = check.StatusWarn
	}
	out := make([]check.Finding, 0, len(elems))
	for _, e := range elems {
		f, err := p.finding(e)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", rule, err)
		}
		f.Status = status
		out = append(out, f)
	}
	// Sets come back in OPA's order; sort so that reports are reproducible
	// whatever the order of evaluation.
	slices.SortFunc(out, func(a, b check.Finding) int {
		return cmp.Or(cmp.Compare(a.Path, b.Path), cmp.Compare(a.Check, b.Check), cmp.Compare(a.Message, b.Message))
	})
	return out, nil
}

func (p *Policy) finding(e any) (check.Finding, error) {
	f := check.Finding{Check: p.Meta.ID, Severity: p.Meta.Severity}
	switch e := e.(type) {
	case string:
		f.Message = e
		return f, nil
	case map[string]any:
		for k, v := range e {
			s, ok := v.(string)
			if !ok {
				return f, fmt.Errorf("%s is a %s, want a string", k, typeName(v))
			}
			switch k {
			case "message", "msg":
				f.Message = s
			case "path":
				f.Path = s
			case "id":
				if !idPattern.MatchString(s) {
					return f, fmt.Errorf("id %q is not a lower-case ID like team-label", s)
				}
				f.Check = IDPrefix + s
			case "severity":
				sev, err := check.ParseSeverity(s)
				if err != nil {
					return f, err
				}
				f.Severity = sev
			default:
				return f, fmt.Errorf("unknown key %q (want id, severity, message, path)", k)
			}
		}
		if f.Message == "" {
			return f, fmt.Errorf("an element has no message")
		}
		return f, nil
	default:
		return f, fmt.Errorf("an element is a %s; want a message or an {id, severity, message, path} object", typeName(e))
	}
}

func typeName(v any) string {
	switch v.(type) {
	case string:
		return "string"
	case bool:
		return "boolean"
	case []any:
		return "set or array"
	case map[string]any:
		return "object"
	case nil:
		return "null"
	default:
		return "number"
	}
}
