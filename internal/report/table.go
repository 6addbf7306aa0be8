package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/kubeward/kubeward/internal/check"
)

var severityColors = map[check.Severity]string{
	check.Critical: "\x1b[1;31m", check.High: "\x1b[31m", check.Medium: "\x1b[33m",
	check.Low: "\x1b[36m", check.Info: "\x1b[2m",
}

const colorReset = "\x1b[0m"

// WriteTable writes findings grouped by object, one short block each, kept
// within 80 columns except for long names and messages, which wrap as the
// terminal wraps them.
func WriteTable(w io.Writer, r *Report, opts WriteOptions) error {
	bw := bufio.NewWriter(w)
	var last string
	for _, f := range r.Findings {
		head := f.Object.String()
		if loc := f.Location.File; loc != "" {
			head += "  (" + loc + ")"
		}
		if head != last {
			if last != "" {
				bw.WriteByte('\n')
			}
			fmt.Fprintln(bw, head)
			last = head
		}
		sev := strings.ToUpper(f.Severity.String())
		if f.Status == check.StatusError {
			sev = "ERROR"
		}
		if opts.Color {
			sev = severityColors[f.Severity] + sev + colorReset
			sev += strings.Repeat(" ", max(0, 8-len(f.Severity.String())))
		} else {
			sev = fmt.Sprintf("%-8s", sev)
		}
		line := ""
		if f.Location.Line > 0 {
			line = fmt.Sprintf("  line %d", f.Location.Line)
		}
		fmt.Fprintf(bw, "  %s %s%s\n", sev, f.Check, line)
		fmt.Fprintf(bw, "    %s\n", f.Message)
	}
	if len(r.Errors) > 0 {
		if last != "" {
			bw.WriteByte('\n')
		}
		fmt.Fprintln(bw, "Errors:")
		for _, e := range r.Errors {
			fmt.Fprintf(bw, "  %s\n", errorText(e))
		}
	}
	if last != "" || len(r.Errors) > 0 {
		bw.WriteByte('\n')
	}
	fmt.Fprintln(bw, SummaryLine(r))
	return bw.Flush()
}

// SummaryLine is the one-line summary a person reads first.
func SummaryLine(r *Report) string {
	s := r.Summary
	var parts []string
	for _, sev := range check.Severities {
		if n := s.BySeverity[sev.String()]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, sev))
		}
	}
	out := fmt.Sprintf("%d %s", s.Findings, plural(s.Findings, "finding"))
	if len(parts) > 0 {
		out += " (" + strings.Join(parts, ", ") + ")"
	}
	out += fmt.Sprintf(" in %d %s", s.Objects, plural(s.Objects, "object"))
	if s.Suppressed > 0 {
		out += fmt.Sprintf(", %d suppressed", s.Suppressed)
	}
	if s.Errors > 0 {
		out += fmt.Sprintf(", %d %s", s.Errors, plural(s.Errors, "error"))
	}
	return out
}

func errorText(e Error) string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Message)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Message)
}

func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}
