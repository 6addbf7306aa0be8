package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/checks"
	"github.com/kubeward/kubeward/internal/compliance"
	"github.com/kubeward/kubeward/internal/exception"
)

// knownChecks is every check `kubeward checks` describes: the built-in
// checks and the exception check, as in docs/checks.md.
func knownChecks() []*check.Meta {
	var out []*check.Meta
	for _, r := range checks.All() {
		out = append(out, r.Info())
	}
	return append(out, &exception.MissingReason)
}

func newChecks(stdout io.Writer) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "checks",
		Short: "List and explain kubeward's checks",
	}
	var output string
	list := &cobra.Command{
		Use:   "list",
		Short: "List every check with its severity, family and framework controls",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			switch output {
			case "table":
				return listTable(stdout, knownChecks())
			case "json":
				return listJSON(stdout, knownChecks())
			}
			return usageError("--output: unknown format %q (want table or json)", output)
		},
	}
	list.Flags().StringVarP(&output, "output", "o", "table", "output format: table or json")
	explain := &cobra.Command{
		Use:   "explain ID",
		Short: "Explain a check: what it finds, why it matters, how to fix it, and its mappings",
		Args:  cobra.ExactArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			all := knownChecks()
			i := slices.IndexFunc(all, func(m *check.Meta) bool { return m.ID == args[0] })
			if i < 0 {
				return unknownCheck(args[0], all)
			}
			return explainCheck(stdout, all[i])
		},
	}
	cmd.AddCommand(list, explain)
	return cmd
}

func listTable(w io.Writer, all []*check.Meta) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSEVERITY\tFAMILY\tTITLE\tFRAMEWORKS")
	for _, m := range all {
		var fws []string
		for _, c := range m.Controls {
			fws = append(fws, c.Framework+":"+c.ID)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", m.ID, m.Severity, m.Family, m.Title, strings.Join(fws, " "))
	}
	return tw.Flush()
}

// checkJSON is one check in `kubeward checks list -o json`.
type checkJSON struct {
	ID          string           `json:"id"`
	Title       string           `json:"title"`
	Severity    check.Severity   `json:"severity"`
	Family      string           `json:"family"`
	Description string           `json:"description"`
	Remediation string           `json:"remediation"`
	Frameworks  check.Frameworks `json:"frameworks"`
	Peers       peersJSON        `json:"peers"`
}

type peersJSON struct {
	KubeLinter string `json:"kubeLinter,omitempty"`
	Polaris    string `json:"polaris,omitempty"`
	Kubescape  string `json:"kubescape,omitempty"`
	Trivy      string `json:"trivy,omitempty"`
	Checkov    string `json:"checkov,omitempty"`
}

func listJSON(w io.Writer, all []*check.Meta) error {
	out := make([]checkJSON, len(all))
	for i, m := range all {
		p := m.Peers
		out[i] = checkJSON{ID: m.ID, Title: m.Title, Severity: m.Severity, Family: m.Family,
			Description: m.Description, Remediation: m.Remediation, Frameworks: *check.FrameworksOf(m.Controls),
			Peers: peersJSON{p.KubeLinter, p.Polaris, p.Kubescape, p.Trivy, p.Checkov}}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// frameworkNames are how explain names the frameworks of check.Control.
var frameworkNames = map[string]string{
	check.FrameworkCIS: "CIS", check.FrameworkNSA: "NSA/CISA", check.FrameworkPSS: "PSS", check.FrameworkMITRE: "MITRE ATT&CK",
}

func explainCheck(w io.Writer, m *check.Meta) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s\n", m.ID, m.Title)
	fmt.Fprintf(&b, "Severity %s, family %s.\n", m.Severity, m.Family)
	b.WriteString("\nWhat it finds and why it matters:\n")
	wrap(&b, "  ", m.Description)
	b.WriteString("\nHow to fix:\n")
	wrap(&b, "  ", m.Remediation)
	if len(m.Controls) > 0 {
		b.WriteString("\nFrameworks:\n")
		for _, c := range m.Controls {
			line := frameworkNames[c.Framework] + " " + c.ID
			if c.Framework == check.FrameworkPSS {
				line = "Pod Security Standards, " + c.ID + " level"
			}
			if t := compliance.ControlTitle(c.Framework, c.ID); t != "" {
				line += ": " + t
			}
			wrap(&b, "  ", line)
		}
	}
	p := m.Peers
	peers := [][2]string{{"kube-linter", p.KubeLinter}, {"Polaris", p.Polaris}, {"Kubescape", p.Kubescape},
		{"Trivy", p.Trivy}, {"Checkov", p.Checkov}}
	if slices.ContainsFunc(peers, func(p [2]string) bool { return p[1] != "" }) {
		b.WriteString("\nSame check in other tools:\n")
		for _, peer := range peers {
			if peer[1] != "" {
				fmt.Fprintf(&b, "  %-12s %s\n", peer[0], peer[1])
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// wrap writes text after indent, wrapped at word boundaries within 80
// columns.
func wrap(b *strings.Builder, indent, text string) {
	col := 0
	for i, word := range strings.Fields(text) {
		switch {
		case i == 0:
			b.WriteString(indent)
			col = len(indent)
		case col+1+len(word) > 80:
			b.WriteString("\n" + indent)
			col = len(indent)
		default:
			b.WriteByte(' ')
			col++
		}
		b.WriteString(word)
		col += len(word)
	}
	b.WriteByte('\n')
}

// unknownCheck is the usage error for an ID no check has, with the IDs
// closest to it.
func unknownCheck(id string, all []*check.Meta) error {
	type near struct {
		id   string
		dist int
	}
	var nears []near
	for _, m := range all {
		d := editDistance(id, m.ID)
		if d <= max(2, len(id)/3) || (len(id) >= 3 && strings.Contains(m.ID, id)) {
			nears = append(nears, near{m.ID, d})
		}
	}
	slices.SortStableFunc(nears, func(a, b near) int { return a.dist - b.dist })
	msg := fmt.Sprintf("unknown check %q", id)
	if len(nears) > 0 {
		var ids []string
		for _, n := range nears[:min(5, len(nears))] {
			ids = append(ids, n.id)
		}
		msg += "; did you mean " + strings.Join(ids, ", ") + "?"
	}
	return usageError("%s (kubeward checks list shows every check)", msg)
}

// editDistance is the Levenshtein distance between two IDs.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
