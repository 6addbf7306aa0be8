package check

import (
	"errors"
	"fmt"
	"regexp"
)

var kebab = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

var knownFrameworks = map[string]bool{
	FrameworkCIS: true, FrameworkNSA: true, FrameworkPSS: true, FrameworkMITRE: true,
}

// Validate checks a registry: unique kebab-case IDs and complete metadata.
// A unit test runs it over every built-in check.
func Validate(all []Runner) error {
	var errs []error
	seen := map[string]bool{}
	for _, r := range all {
		m := r.Info()
		bad := func(format string, args ...any) {
			errs = append(errs, fmt.Errorf("check %q: %s", m.ID, fmt.Sprintf(format, args...)))
		}
		if !kebab.MatchString(m.ID) {
			bad("ID is not kebab-case")
		}
		if seen[m.ID] {
			bad("duplicate ID")
		}
		seen[m.ID] = true
		if m.Title == "" {
			bad("no title")
		}
		if m.Description == "" {
			bad("no description")
		}
		if m.Remediation == "" {
			bad("no remediation")
		}
		if m.Family == "" {
			bad("no family")
		}
		if m.Severity < Info || m.Severity > Critical {
			bad("invalid severity %d", m.Severity)
		}
		for _, c := range m.Controls {
			if !knownFrameworks[c.Framework] {
				bad("unknown framework %q", c.Framework)
			}
			if c.ID == "" {
				bad("empty %s control ID", c.Framework)
			}
			if _, ok := NSAControls[c.ID]; c.Framework == FrameworkNSA && !ok {
				bad("unknown NSA/CISA control %q (see NSAControls)", c.ID)
			}
			if c.Framework == FrameworkPSS && c.ID != "baseline" && c.ID != "restricted" {
				bad("PSS level %q is neither baseline nor restricted", c.ID)
			}
		}
		if a, ok := r.(*Analyzer); ok && a.Analyze == nil && (a.Prepare == nil || a.AnalyzePrepared == nil) {
			bad("analyzer with neither Analyze nor Prepare and AnalyzePrepared")
		}
	}
	return errors.Join(errs...)
}
