// Package checkdoc renders the checks reference (docs/checks.md) from the
// registry, so the documentation can never drift from the code.
package checkdoc

import (
	"fmt"
	"sort"
	"strings"

	"github.com/kubeward/kubeward/internal/check"
)

// Markdown renders every check, grouped by family in the given family order.
func Markdown(metas []*check.Meta) string {
	var b strings.Builder
	b.WriteString("# Checks reference\n\n")
	b.WriteString("Generated from kubeward's check registry by `go test ./docs -update`; do not edit by hand.\n\n")
	fmt.Fprintf(&b, "%d checks.\n\n", len(metas))

	var families []string
	byFamily := map[string][]*check.Meta{}
	for _, m := range metas {
		if byFamily[m.Family] == nil {
			families = append(families, m.Family)
		}
		byFamily[m.Family] = append(byFamily[m.Family], m)
	}
	b.WriteString("| ID | Severity | Title | PSS | CIS | MITRE |\n|---|---|---|---|---|---|\n")
	for _, fam := range families {
		for _, m := range byFamily[fam] {
			f := controls(m)
			fmt.Fprintf(&b, "| [%s](#%s) | %s | %s | %s | %s | %s |\n", m.ID, m.ID, m.Severity, m.Title,
				f[check.FrameworkPSS], f[check.FrameworkCIS], f[check.FrameworkMITRE])
		}
	}
	for _, fam := range families {
		fmt.Fprintf(&b, "\n## Family: %s\n", fam)
		for _, m := range byFamily[fam] {
			fmt.Fprintf(&b, "\n### %s\n\n", m.ID)
			fmt.Fprintf(&b, "**%s** — severity %s.\n\n", m.Title, m.Severity)
			fmt.Fprintf(&b, "%s\n\n", m.Description)
			fmt.Fprintf(&b, "Remediation: %s\n", m.Remediation)
			f := controls(m)
			var keys []string
			for k := range f {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			if len(keys) > 0 {
				b.WriteString("\nFrameworks:")
				for _, k := range keys {
					fmt.Fprintf(&b, " %s %s;", k, f[k])
				}
				b.WriteString("\n")
			}
		}
	}
	return b.String()
}

// controls joins a check's control IDs per framework.
func controls(m *check.Meta) map[string]string {
	out := map[string]string{}
	for _, c := range m.Controls {
		if out[c.Framework] != "" {
			out[c.Framework] += ", "
		}
		out[c.Framework] += c.ID
	}
	return out
}
