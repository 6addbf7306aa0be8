package report

import (
	"bufio"
	"fmt"
	"strings"
)

// maxFailingListed bounds the failing objects the table lists per control;
// the JSON report has them all.
const maxFailingListed = 10

// writeComplianceTable writes one block per framework: a line per control
// with its status, failing/evaluated objects and title, the failing
// objects under a failing control and the reason under one that was not
// evaluated. Titles wrap in their own column so rows stay within 80
// columns.
func writeComplianceTable(w *bufio.Writer, c *Compliance, color bool) {
	s := c.Summary
	writeWrapped(w, "", fmt.Sprintf("Compliance: %s (%s)", c.Title, c.Framework))
	writeWrapped(w, "  ", fmt.Sprintf("%d %s: %d pass, %d fail, %d not evaluated", s.Controls, plural(s.Controls, "control"), s.Pass, s.Fail, s.NotEvaluated))
	if len(c.Controls) == 0 {
		return
	}
	idWidth := len("CONTROL")
	for _, r := range c.Controls {
		idWidth = max(idWidth, min(len(r.ID), 24))
	}
	const statusWidth, countWidth = len("not-evaluated"), len("FAIL/EVAL")
	titleCol := 2 + idWidth + 2 + statusWidth + 2 + countWidth + 2
	fmt.Fprintf(w, "  %-*s  %-*s  %*s  %s\n", idWidth, "CONTROL", statusWidth, "STATUS", countWidth, "FAIL/EVAL", "TITLE")
	for _, r := range c.Controls {
		status, pad := string(r.Status), strings.Repeat(" ", statusWidth-len(r.Status))
		if color {
			status = statusColors[r.Status] + status + colorReset
		}
		counts := fmt.Sprintf("%d/%d", r.Failing, r.Evaluated)
		if r.Status == ControlNotEvaluated && r.Evaluated == 0 {
			counts = "-"
		}
		id := r.ID
		if len(id) > idWidth {
			// a long ID gets its own line; the row continues below it
			fmt.Fprintf(w, "  %s\n", id)
			id = ""
		}
		row := fmt.Sprintf("  %-*s  %s%s  %*s  ", idWidth, id, status, pad, countWidth, counts)
		w.WriteString(row)
		writeColumn(w, titleCol, r.Title)
		for i, o := range r.Objects {
			if i == maxFailingListed {
				fmt.Fprintf(w, "      ... and %d more\n", len(r.Objects)-i)
				break
			}
			where := o.Location.String()
			if where == "" {
				where = "no file"
			}
			writeWrapped(w, "      ", fmt.Sprintf("%s (%s)", o.Object, where))
		}
		if r.Reason != "" {
			writeWrapped(w, "      ", r.Reason)
		}
	}
}

var statusColors = map[ControlStatus]string{
	ControlPass: "\x1b[32m", ControlFail: "\x1b[31m", ControlNotEvaluated: "\x1b[2m",
}

// writeColumn writes text that starts at column col (the cursor is there)
// and wraps at word boundaries, continuing at the same column.
func writeColumn(w *bufio.Writer, col int, text string) {
	pos := col
	for i, word := range strings.Fields(text) {
		switch {
		case i == 0:
		case pos+1+len(word) > tableWidth:
			w.WriteString("\n" + strings.Repeat(" ", col))
			pos = col
		default:
			w.WriteByte(' ')
			pos++
		}
		w.WriteString(word)
		pos += len(word)
	}
	w.WriteByte('\n')
}
