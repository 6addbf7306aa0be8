package admission

import (
	"fmt"
	"strings"
)

// maxListed bounds the findings a denial message lists; the rest are
// counted. kubectl prints the whole message, and a pod with twenty
// containers should not print a page.
const maxListed = 8

// decide turns the verdicts into the answer: a denial listing each
// enforced finding with its check and field, warnings for the rest.
// Namespace label problems are warned about in every case.
func (d *Decision) decide(problems []string) {
	var deny []Verdict
	for _, v := range d.Verdicts {
		switch {
		case v.Action == ActionEnforce && !v.Existing:
			deny = append(deny, v)
		case v.Action == ActionEnforce, v.Action == ActionWarn:
			d.Warnings = append(d.Warnings, warning(v))
		}
	}
	for _, p := range problems {
		d.Warnings = append(d.Warnings, "kubeward: "+p)
	}
	switch {
	case len(deny) > 0:
		d.Allowed, d.Result, d.Message = false, ResultDenied, denial(deny)
		d.Warnings = nil // a denied request shows its reasons in the message
	case len(d.Warnings) > 0:
		d.Allowed, d.Result = true, ResultWarned
	default:
		d.Allowed, d.Result = true, ResultAllowed
	}
}

// denial is the message of a denied request, e.g.
//
//	kubeward: privileged-container (critical) at spec.containers[0].securityContext.privileged: container "app" is privileged
func denial(vs []Verdict) string {
	var b strings.Builder
	b.WriteString("kubeward: ")
	for i, v := range vs {
		if i == maxListed {
			fmt.Fprintf(&b, "; and %d more", len(vs)-maxListed)
			break
		}
		if i > 0 {
			b.WriteString("; ")
		}
		describe(&b, v)
	}
	return b.String()
}

// warning is the warning text of one finding. Pre-existing findings of an
// UPDATE say why they did not deny.
func warning(v Verdict) string {
	var b strings.Builder
	b.WriteString("kubeward: ")
	describe(&b, v)
	if v.Existing && v.Action == ActionEnforce {
		b.WriteString(" (already present before this update, so not denied)")
	}
	return b.String()
}

func describe(b *strings.Builder, v Verdict) {
	fmt.Fprintf(b, "%s (%s)", v.Check, v.Severity)
	if v.Path != "" {
		b.WriteString(" at " + v.Path)
	}
	b.WriteString(": " + v.Message)
}
