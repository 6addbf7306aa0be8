package policy

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/kubeward/kubeward/internal/check"
)

// DefaultSeverity is the severity of a policy whose METADATA names none.
const DefaultSeverity = check.Medium

// idPattern is what a policy or rule ID may look like after "policy:".
var idPattern = regexp.MustCompile(`^[a-z0-9]+([-.][a-z0-9]+)*$`)

// metadata reads a package's METADATA annotations (scope package) into the
// check's metadata and the kinds it looks at. Only the custom keys
// kubeward knows are allowed, so a typo is an error at start-up rather
// than a policy silently seeing every kind.
func metadata(p *pkg) (check.Meta, []string, error) {
	last := p.path[len(p.path)-1].Value
	name, _ := last.(ast.String)
	m := check.Meta{
		ID:       strings.ReplaceAll(string(name), "_", "-"),
		Title:    "Custom policy " + strings.TrimPrefix(p.path.String(), "data."),
		Severity: DefaultSeverity,
		Family:   "policy",
	}
	var kinds []string
	for _, mod := range p.modules {
		for _, a := range mod.Annotations {
			if a.Scope != "package" {
				continue
			}
			where := a.Location.String()
			if a.Title != "" {
				m.Title = a.Title
			}
			if a.Description != "" {
				m.Description = a.Description
			}
			for k, v := range a.Custom {
				var err error
				switch k {
				case "id":
					m.ID, err = str(v)
					if err == nil && !idPattern.MatchString(m.ID) {
						err = fmt.Errorf("%q is not a lower-case ID like team-label", m.ID)
					}
				case "severity":
					var s string
					if s, err = str(v); err == nil {
						m.Severity, err = check.ParseSeverity(s)
					}
				case "remediation":
					m.Remediation, err = str(v)
				case "kinds":
					kinds, err = strs(v)
				default:
					err = fmt.Errorf("unknown key (want id, severity, kinds or remediation)")
				}
				if err != nil {
					return m, nil, fmt.Errorf("policy: %s: METADATA custom.%s: %w", where, k, err)
				}
			}
		}
	}
	if !idPattern.MatchString(m.ID) {
		return m, nil, fmt.Errorf("policy: %s: package name %q does not make an ID; set custom.id in the package METADATA",
			p.modules[0].Package.Location, name)
	}
	m.ID = IDPrefix + m.ID
	return m, kinds, nil
}

func str(v any) (string, error) {
	s, ok := v.(string)
	if !ok {
		return "", fmt.Errorf("want a string, not %T", v)
	}
	return s, nil
}

func strs(v any) ([]string, error) {
	list, ok := v.([]any)
	if !ok {
		return nil, fmt.Errorf("want a list of kinds like [Deployment, Pod], not %T", v)
	}
	out := make([]string, 0, len(list))
	for _, x := range list {
		s, err := str(x)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}
