package report

import "github.com/kubeward/kubeward/internal/kube"

// ControlStatus is the verdict on one control of a framework.
type ControlStatus string

const (
	// ControlPass: the control's checks evaluated objects and none failed.
	ControlPass ControlStatus = "pass"
	// ControlFail: at least one object fails one of the control's checks.
	ControlFail ControlStatus = "fail"
	// ControlNotEvaluated: nothing tells whether the control holds; the
	// reason says why. It is never a pass.
	ControlNotEvaluated ControlStatus = "not-evaluated"
)

// Compliance is the run seen through one framework: a verdict per control.
type Compliance struct {
	Framework string            `json:"framework"` // cis, nsa, pss-baseline, pss-restricted, mitre
	Title     string            `json:"title"`
	Summary   ComplianceSummary `json:"summary"`
	Controls  []ControlResult   `json:"controls"`
}

// ComplianceSummary counts the controls of a framework by status.
type ComplianceSummary struct {
	Controls     int `json:"controls"`
	Pass         int `json:"pass"`
	Fail         int `json:"fail"`
	NotEvaluated int `json:"notEvaluated"`
}

// ControlResult is the verdict on one control with the counts behind it.
type ControlResult struct {
	ID     string        `json:"id"`
	Title  string        `json:"title"`
	Status ControlStatus `json:"status"`
	// Reason says why a control was not evaluated.
	Reason string `json:"reason,omitempty"`
	// Checks are the enabled checks that map to the control.
	Checks []string `json:"checks"`
	// Evaluated counts the objects of the kinds the checks inspect.
	Evaluated int `json:"evaluated"`
	// Failing counts the objects with a failing, unsuppressed finding.
	Failing int `json:"failing"`
	// Findings counts the failing, unsuppressed findings; Suppressed the
	// suppressed ones, which do not fail the control.
	Findings   int             `json:"findings"`
	Suppressed int             `json:"suppressed"`
	Objects    []FailingObject `json:"failingObjects,omitempty"`
}

// FailingObject is an object that fails a control, at its first failing
// finding.
type FailingObject struct {
	Object   kube.Ref      `json:"object"`
	Location kube.Location `json:"location"`
	Checks   []string      `json:"checks"`
}

// Summarize fills the summary counts from the controls.
func (c *Compliance) Summarize() {
	c.Summary = ComplianceSummary{Controls: len(c.Controls)}
	for _, r := range c.Controls {
		switch r.Status {
		case ControlPass:
			c.Summary.Pass++
		case ControlFail:
			c.Summary.Fail++
		default:
			c.Summary.NotEvaluated++
		}
	}
}
