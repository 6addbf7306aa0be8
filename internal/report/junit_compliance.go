package report

import (
	"fmt"
	"strings"
)

// junitComplianceSuites turns each control of each framework into a suite
// named "framework:id". The report keeps counts of the objects a control
// evaluated, not their names, so a suite has one failing case per failing
// object and one passing case standing for the other evaluated objects; a
// control that was not evaluated is one skipped case with the reason.
func junitComplianceSuites(r *Report) []junitSuite {
	var out []junitSuite
	for _, c := range r.Compliance {
		for _, ctl := range c.Controls {
			name := c.Framework + ":" + ctl.ID
			s := junitSuite{Name: name}
			switch ctl.Status {
			case ControlNotEvaluated:
				s.Cases = append(s.Cases, junitCase{Name: "not evaluated", Classname: name,
					Skipped: &junitMessage{Message: ctl.Reason}})
			default:
				for _, o := range ctl.Objects {
					s.Cases = append(s.Cases, junitCase{
						Name: o.Object.String(), Classname: name, File: o.Location.File, Line: o.Location.Line,
						Failure: &junitMessage{
							Message: fmt.Sprintf("%s fails %s: %s", o.Object, name, strings.Join(o.Checks, ", ")),
							Type:    string(ControlFail),
							Text:    ctl.Title,
						},
					})
				}
				if rest := ctl.Evaluated - ctl.Failing; rest > 0 {
					s.Cases = append(s.Cases, junitCase{
						Name: fmt.Sprintf("%d other evaluated %s", rest, plural(rest, "object")), Classname: name,
					})
				}
				if ctl.Reason != "" {
					s.Cases = append(s.Cases, junitCase{Name: "evaluation errors", Classname: name,
						Error: &junitMessage{Message: ctl.Reason, Type: "evaluation"}})
				}
			}
			out = append(out, s)
		}
	}
	return out
}
