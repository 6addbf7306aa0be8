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
	b.WriteString("| ID | Severity | Title | PSS | CIS | NSA | MITRE |\n|---|---|---|---|---|---|---|\n")
	for _, fam := range families {
		for _, m := range byFamily[fam] {
			f := controls(m)
			fmt.Fprintf(&b, "| [%s](#%s) | %s | %s | %s | %s | %s | %s |\n", m.ID, m.ID, m.Severity, m.Title,
				f[check.FrameworkPSS], f[check.FrameworkCIS], f[check.FrameworkNSA], f[check.FrameworkMITRE])
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
			if peers := peerList(m.Peers); len(peers) > 0 {
				fmt.Fprintf(&b, "\nSame check in other tools: %s.\n", strings.Join(peers, "; "))
			}
		}
	}
	return b.String()
}

// peerTools names the tools of check.Peers in crosswalk column order.
var peerTools = []string{"kube-linter", "Polaris", "Kubescape", "Trivy", "Checkov"}

func peerIDs(p check.Peers) []string {
	return []string{p.KubeLinter, p.Polaris, p.Kubescape, p.Trivy, p.Checkov}
}

func peerList(p check.Peers) []string {
	var out []string
	for i, id := range peerIDs(p) {
		if id != "" {
			out = append(out, peerTools[i]+" "+id)
		}
	}
	return out
}

// Crosswalk renders docs/crosswalk.md: each check with the IDs of the same
// check in other scanners, for users moving their ignores and reports.
func Crosswalk(metas []*check.Meta) string {
	var b strings.Builder
	b.WriteString("# Crosswalk to other scanners\n\n")
	b.WriteString("Generated from kubeward's check registry (`Meta.Peers`) by `go test ./docs -update`; do not edit by hand.\n\n")
	b.WriteString("Each row names the check of another tool that looks for the same problem. Where one kubeward check\n")
	b.WriteString("covers several checks of a tool, all are listed; an empty cell means the tool has no equivalent.\n")
	b.WriteString("The IDs are kube-linter check names, Polaris check IDs, Kubescape control IDs, Trivy (trivy-checks)\n")
	b.WriteString("IDs and Checkov IDs.\n\n")
	mapped := 0
	for _, m := range metas {
		if len(peerList(m.Peers)) > 0 {
			mapped++
		}
	}
	fmt.Fprintf(&b, "%d of %d checks have an equivalent in at least one tool.\n\n", mapped, len(metas))
	b.WriteString("| kubeward | " + strings.Join(peerTools, " | ") + " |\n")
	b.WriteString("|---" + strings.Repeat("|---", len(peerTools)) + "|\n")
	for _, m := range metas {
		cells := peerIDs(m.Peers)
		for i, c := range cells {
			if c == "" {
				cells[i] = "–"
			}
		}
		fmt.Fprintf(&b, "| [%s](checks.md#%s) | %s |\n", m.ID, m.ID, strings.Join(cells, " | "))
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
