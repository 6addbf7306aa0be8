// Package check defines what a check is, the findings it reports, and the
// engine that runs checks over objects.
package check

import (
	"fmt"
	"strings"
)

// Severity ranks how much a finding matters. The zero value is Info.
type Severity int

const (
	Info Severity = iota
	Low
	Medium
	High
	Critical
)

var severityNames = [...]string{"info", "low", "medium", "high", "critical"}

// Severities lists every severity from most to least severe.
var Severities = []Severity{Critical, High, Medium, Low, Info}

func (s Severity) String() string {
	if s < Info || s > Critical {
		return fmt.Sprintf("severity(%d)", int(s))
	}
	return severityNames[s]
}

// ParseSeverity reads a severity name, case-insensitively.
func ParseSeverity(name string) (Severity, error) {
	for i, n := range severityNames {
		if strings.EqualFold(name, n) {
			return Severity(i), nil
		}
	}
	return Info, fmt.Errorf("unknown severity %q (want one of critical, high, medium, low, info)", name)
}

func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b))
	*s = v
	return err
}

// Status is the outcome a finding records. Error means the check could not
// be evaluated; it is never counted as a pass or a fail.
type Status string

const (
	StatusFail   Status = "fail"
	StatusWarn   Status = "warn"
	StatusPass   Status = "pass"
	StatusManual Status = "manual"
	StatusError  Status = "error"
	// StatusNotEvaluated: the check could not be evaluated here (component
	// not running, file missing, permission denied, needs a cluster); the
	// message says why. Like Error it is never a pass or a fail, but it is
	// not a fault of the input either.
	StatusNotEvaluated Status = "not-evaluated"
)
