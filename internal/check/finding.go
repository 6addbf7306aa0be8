package check

import (
	"encoding/json"

	"github.com/kubeward/kubeward/internal/kube"
)

// Finding is one result of one check on one object, in every mode.
type Finding struct {
	Check       string        `json:"check"`
	Severity    Severity      `json:"severity"`
	Status      Status        `json:"status"`
	Title       string        `json:"title"`
	Message     string        `json:"message"`
	Object      kube.Ref      `json:"object"`
	Location    kube.Location `json:"location"`
	Path        string        `json:"path,omitempty"`
	Container   string        `json:"container,omitempty"` // set by container-level checks
	Frameworks  *Frameworks   `json:"frameworks"`          // the check's, shared by its findings: never changed
	Remediation string        `json:"remediation,omitempty"`
	// Suppressed says why the finding was excepted, when it was; suppressed
	// findings are counted in reports but do not fail a run.
	Suppressed string `json:"suppressed,omitempty"`
	// Evidence is what a node benchmark result rests on; empty for
	// manifest and cluster checks, whose Path and Location say it.
	Evidence []Evidence `json:"evidence,omitempty"`
}

// Control is one requirement of a compliance framework that a check covers.
type Control struct {
	Framework string // one of the Framework* constants
	ID        string
}

// Frameworks known to kubeward, as they appear in reports.
const (
	FrameworkCIS   = "cis"
	FrameworkNSA   = "nsa"
	FrameworkPSS   = "pss"
	FrameworkMITRE = "mitre"
)

// Frameworks groups a check's controls by framework, the shape reports use.
type Frameworks struct {
	CIS   []string `json:"cis,omitempty"`
	NSA   []string `json:"nsa,omitempty"`
	PSS   string   `json:"pss,omitempty"` // "baseline" or "restricted"
	MITRE []string `json:"mitre,omitempty"`
}

// frameworksOf groups controls; it is computed once per check.
func frameworksOf(cs []Control) *Frameworks {
	f := &Frameworks{}
	for _, c := range cs {
		switch c.Framework {
		case FrameworkCIS:
			f.CIS = append(f.CIS, c.ID)
		case FrameworkNSA:
			f.NSA = append(f.NSA, c.ID)
		case FrameworkPSS:
			f.PSS = c.ID
		case FrameworkMITRE:
			f.MITRE = append(f.MITRE, c.ID)
		}
	}
	return f
}

// noFrameworks stands in for a finding's missing Frameworks.
var noFrameworks = &Frameworks{}

// MarshalJSON encodes the finding with its fields as they are, but a
// missing Frameworks as {}: reports promise an object there.
func (f Finding) MarshalJSON() ([]byte, error) {
	type plain Finding // without this method
	if f.Frameworks == nil {
		f.Frameworks = noFrameworks
	}
	return json.Marshal(plain(f))
}
