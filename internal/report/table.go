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

// tableWidth is the terminal width the table is laid out for; messages
// wrap at word boundaries to stay within it.
const tableWidth = 80

// WriteTable writes findings grouped by object, one short block each, then
// the suppressed findings, the compliance view of each framework asked
// for, and the summary and score lines. Input errors are only
// counted here: the CLI prints them on stderr, so they reach a person even
// when the table goes to a file. Lines
// stay within 80 columns except for words longer than a line (long object
// names, paths), which are never broken.
func WriteTable(w io.Writer, r *Report, opts WriteOptions) error {
	if r.Bench != nil {
		return writeBenchTable(w, r, opts)
	}
	bw := bufio.NewWriter(w)
	var last string
	section := func() {
		if last != "" {
			bw.WriteByte('\n')
		}
	}
	for _, f := range r.Findings {
		if head := objectHead(f); head != last {
			section()
			fmt.Fprintln(bw, head)
			last = head
		}
		sev, color := strings.ToUpper(f.Severity.String()), severityColors[f.Severity]
		switch f.Status {
		case check.StatusError:
			sev, color = "ERROR", errorColor
		case check.StatusNotEvaluated:
			// Not a finding of its severity either: the check did not run.
			sev, color = "NOT-EVALUATED", errorColor
		}
		pad := strings.Repeat(" ", max(1, 9-len(sev)))
		if opts.Color {
			sev = color + sev + colorReset
		}
		where := ""
		if f.Location.Line > 0 {
			where = fmt.Sprintf("  line %d", f.Location.Line)
		}
		fmt.Fprintf(bw, "  %s%s%s%s\n", sev, pad, f.Check, where)
		writeWrapped(bw, "    ", f.Message)
	}
	if len(r.Suppressed) > 0 {
		section()
		fmt.Fprintln(bw, "Suppressed:")
		for _, f := range r.Suppressed {
			fmt.Fprintf(bw, "  %s  %s\n", f.Object, f.Check)
			writeWrapped(bw, "    ", f.Suppressed)
		}
		last = "suppressed"
	}
	for i := range r.Compliance {
		section()
		writeComplianceTable(bw, &r.Compliance[i], opts.Color)
		last = "compliance"
	}
	section()
	writeWrapped(bw, "", SummaryLine(r))
	writeWrapped(bw, "", ScoreLine(r))
	return bw.Flush()
}

// errorColor marks a check that could not be evaluated, whatever its
// severity: reverse video, so it is not read as a finding of that severity.
const errorColor = "\x1b[7;31m"

// objectHead names a finding's object and the file it came from.
func objectHead(f check.Finding) string {
	head := f.Object.String()
	if loc := f.Location.File; loc != "" {
		head += "  (" + loc + ")"
	}
	return head
}

// writeWrapped writes text after indent, wrapped at word boundaries so
// lines stay within tableWidth; continuation lines get two more spaces.
func writeWrapped(w *bufio.Writer, indent, text string) {
	col := 0
	for i, word := range strings.Fields(text) {
		switch {
		case i == 0:
			w.WriteString(indent)
			col = len(indent)
		case col+1+len(word) > tableWidth:
			w.WriteString("\n" + indent + "  ")
			col = len(indent) + 2
		default:
			w.WriteByte(' ')
			col++
		}
		w.WriteString(word)
		col += len(word)
	}
	w.WriteByte('\n')
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

// ScoreLine states the posture score, or that there is none.
func ScoreLine(r *Report) string {
	if r.Summary.Score == nil {
		return "Posture score: none (no check evaluated an object)"
	}
	return fmt.Sprintf("Posture score: %d/100", *r.Summary.Score)
}

func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}
