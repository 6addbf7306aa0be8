package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/kubeward/kubeward/internal/check"
)

// benchLabels are the result names the CIS tooling uses; a manual check
// reads WARN, as there.
var benchLabels = map[check.Status]string{
	check.StatusPass: "PASS", check.StatusFail: "FAIL", check.StatusWarn: "WARN",
	check.StatusManual: "WARN", check.StatusNotEvaluated: "NOT-EVALUATED", check.StatusError: "ERROR",
}

var benchColors = map[string]string{
	"PASS": "\x1b[32m", "FAIL": "\x1b[31m", "WARN": "\x1b[33m", "NOT-EVALUATED": "\x1b[2m", "ERROR": errorColor,
}

// writeBenchTable writes a node benchmark: one line per check under its
// section, the message under every result that is not a pass, the
// section's totals, and the totals of the run.
func writeBenchTable(w io.Writer, r *Report, opts WriteOptions) error {
	bw := bufio.NewWriter(w)
	b := r.Bench
	ix := newBenchIndex(r.Findings)
	where := "node " + b.Node
	if b.Cluster != "" {
		where = "cluster " + b.Cluster
	}
	writeWrapped(bw, "", fmt.Sprintf("%s on %s: %s", b.Benchmark, where, b.Selection))
	writeWrapped(bw, "", "Targets: "+strings.Join(b.Targets, ", "))
	for _, n := range b.Notes {
		writeWrapped(bw, "", "Note: "+n)
	}
	const labelWidth = len("NOT-EVALUATED")
	for _, s := range b.Sections {
		if s.Node != "" {
			fmt.Fprintf(bw, "\n[%s] %s (%s) on node %s\n", s.ID, s.Title, s.Target, s.Node)
		} else {
			fmt.Fprintf(bw, "\n[%s] %s (%s)\n", s.ID, s.Title, s.Target)
		}
		for _, id := range s.Checks {
			f := ix.find(s, id)
			if f == nil {
				continue
			}
			label := benchLabels[f.Status]
			pad := strings.Repeat(" ", labelWidth-len(label)+1)
			shown := label
			if opts.Color {
				shown = benchColors[label] + label + colorReset
			}
			cis := strings.TrimPrefix(f.Check, "cis-")
			if f.Frameworks != nil && len(f.Frameworks.CIS) > 0 {
				cis = f.Frameworks.CIS[0]
			}
			head := fmt.Sprintf("  %s%s%-7s ", shown, pad, cis)
			writeHanging(bw, head, 2+labelWidth+1+8, f.Title)
			if f.Status != check.StatusPass && f.Status != check.StatusManual {
				writeWrapped(bw, "      ", f.Message)
			}
		}
		writeWrapped(bw, "  ", fmt.Sprintf("== %s: %s", s.ID, totalsLine(s.Totals)))
	}
	bw.WriteByte('\n')
	writeWrapped(bw, "", "== Total: "+totalsLine(b.Totals))
	if r.Summary.Errors > 0 {
		writeWrapped(bw, "", fmt.Sprintf("%d %s", r.Summary.Errors, plural(r.Summary.Errors, "error")))
	}
	return bw.Flush()
}

// writeHanging writes head as it is, then text wrapped within tableWidth
// with continuation lines indented to headWidth, the visible width of
// head (colors take no columns).
func writeHanging(w *bufio.Writer, head string, headWidth int, text string) {
	w.WriteString(head)
	col := headWidth
	for i, word := range strings.Fields(text) {
		switch {
		case i == 0:
		case col+1+len(word) > tableWidth:
			w.WriteString("\n" + strings.Repeat(" ", headWidth))
			col = headWidth
		default:
			w.WriteByte(' ')
			col++
		}
		w.WriteString(word)
		col += len(word)
	}
	w.WriteByte('\n')
}

func totalsLine(t BenchTotals) string {
	return fmt.Sprintf("%d pass, %d fail, %d warn, %d not evaluated", t.Pass, t.Fail, t.Warn, t.NotEvaluated)
}
