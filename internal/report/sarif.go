package report

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"strings"
	"time"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
)

// SARIF constants: the schema URI GitHub code scanning and most viewers
// recognise, and the base every relative artifact path is resolved against.
const (
	sarifSchema  = "https://json.schemastore.org/sarif-2.1.0.json"
	sarifVersion = "2.1.0"
	srcRoot      = "%SRCROOT%"
	// fingerprintKey names the partial fingerprint; the suffix is bumped
	// if what goes into the hash ever changes, so old alerts are not
	// silently matched to different findings.
	fingerprintKey = "kubeward/v1"
)

// WriteSARIF writes the report as a SARIF 2.1.0 log with one run: every
// check that ran is a rule, every shown and suppressed finding a result,
// and input errors and checks that could not be evaluated are tool
// execution notifications.
func WriteSARIF(w io.Writer, r *Report, _ WriteOptions) error {
	rules, index := sarifRules(r)
	run := sarifRun{
		Tool:       sarifTool{Driver: sarifDriver{Name: r.Metadata.Tool, Version: r.Metadata.Version, Rules: rules}},
		Results:    []sarifResult{},
		ColumnKind: "unicodeCodePoints",
		Properties: &sarifRunProps{Score: r.Summary.Score, Compliance: r.Compliance},
	}
	if run.Tool.Driver.Name == "" {
		run.Tool.Driver.Name = "kubeward"
	}
	inv := sarifInvocation{ExecutionSuccessful: true}
	if !r.Metadata.StartedAt.IsZero() {
		inv.StartTimeUTC = r.Metadata.StartedAt.UTC().Format(time.RFC3339Nano)
	}
	for _, e := range r.Errors {
		n := sarifNotification{Level: "error", Message: sarifMessage{Text: e.Message}}
		if pl := physicalLocation(kube.Location{File: e.File, Line: e.Line}); pl != nil {
			n.Locations = []sarifLocation{{PhysicalLocation: pl}}
		}
		inv.Notifications = append(inv.Notifications, n)
	}
	emit := func(f check.Finding) {
		if f.Status == check.StatusError {
			// A check that could not be evaluated did not produce a
			// result; saying so as a result would look like a verdict.
			i := index[f.Check]
			inv.Notifications = append(inv.Notifications, sarifNotification{
				Level:          "error",
				Message:        sarifMessage{Text: f.Message},
				Locations:      []sarifLocation{findingLocation(f)},
				AssociatedRule: &sarifRuleRef{ID: f.Check, Index: &i},
			})
			return
		}
		run.Results = append(run.Results, sarifResultOf(f, index[f.Check]))
	}
	for _, f := range r.Findings {
		emit(f)
	}
	for _, f := range r.Suppressed {
		emit(f)
	}
	inv.ExecutionSuccessful = len(inv.Notifications) == 0
	run.Invocations = []sarifInvocation{inv}

	log := sarifLog{Schema: sarifSchema, Version: sarifVersion, Runs: []sarifRun{run}}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(log)
}

// sarifRules turns Report.Rules into rule descriptors, adding a bare rule
// for any finding whose check is not listed so every result has a valid
// ruleIndex.
func sarifRules(r *Report) ([]sarifRule, map[string]int) {
	index := map[string]int{}
	rules := []sarifRule{}
	for _, m := range r.Rules {
		if _, dup := index[m.ID]; dup {
			continue
		}
		index[m.ID] = len(rules)
		rules = append(rules, sarifRuleOf(m))
	}
	for _, fs := range [][]check.Finding{r.Findings, r.Suppressed} {
		for _, f := range fs {
			if _, ok := index[f.Check]; !ok {
				index[f.Check] = len(rules)
				rules = append(rules, sarifRuleOf(&check.Meta{
					ID: f.Check, Title: f.Title, Severity: f.Severity, Remediation: f.Remediation,
				}))
			}
		}
	}
	return rules, index
}

func sarifRuleOf(m *check.Meta) sarifRule {
	rule := sarifRule{
		ID:                   m.ID,
		Name:                 ruleName(m.ID),
		DefaultConfiguration: sarifRuleConfig{Level: sarifLevel(m.Severity)},
		Properties: sarifRuleProps{
			Tags:             ruleTags(m),
			Precision:        "high",
			SecuritySeverity: securitySeverity[m.Severity],
		},
	}
	if len(m.Controls) > 0 {
		rule.Properties.Frameworks = check.FrameworksOf(m.Controls)
	}
	if m.Title != "" {
		rule.ShortDescription = &sarifMessage{Text: m.Title}
	}
	if m.Description != "" {
		rule.FullDescription = &sarifMessage{Text: m.Description}
	}
	if m.Remediation != "" || m.Description != "" {
		rule.Help = &sarifHelp{Text: helpText(m), Markdown: helpMarkdown(m)}
	}
	return rule
}

// securitySeverity is the CVSS-like score GitHub code scanning reads from
// a rule's "security-severity" property to rank security alerts (9.0 and
// above is critical, 7.0 high, 4.0 medium, above 0 low).
var securitySeverity = map[check.Severity]string{
	check.Critical: "9.5", check.High: "8.0", check.Medium: "5.5", check.Low: "3.0", check.Info: "1.0",
}

// sarifLevel maps a severity onto SARIF's three result levels.
func sarifLevel(s check.Severity) string {
	switch {
	case s >= check.High:
		return "error"
	case s == check.Medium:
		return "warning"
	}
	return "note"
}

// ruleName turns a kebab-case check ID into the PascalCase identifier
// SARIF suggests for reportingDescriptor.name.
func ruleName(id string) string {
	var b strings.Builder
	for _, part := range strings.Split(id, "-") {
		if part != "" {
			b.WriteString(strings.ToUpper(part[:1]) + part[1:])
		}
	}
	return b.String()
}

// ruleTags lists "security" (which makes GitHub file the alerts as
// security alerts), the check family and each framework control as
// "framework:id".
func ruleTags(m *check.Meta) []string {
	tags := []string{"security"}
	if m.Family != "" {
		tags = append(tags, m.Family)
	}
	for _, c := range m.Controls {
		tags = append(tags, c.Framework+":"+c.ID)
	}
	return tags
}

func helpText(m *check.Meta) string {
	parts := []string{}
	if m.Description != "" {
		parts = append(parts, m.Description)
	}
	if m.Remediation != "" {
		parts = append(parts, "Remediation: "+m.Remediation)
	}
	return strings.Join(parts, "\n\n")
}

func helpMarkdown(m *check.Meta) string {
	var b strings.Builder
	if m.Title != "" {
		b.WriteString("**" + m.Title + "** (`" + m.ID + "`)\n\n")
	}
	if m.Description != "" {
		b.WriteString(m.Description + "\n\n")
	}
	if m.Remediation != "" {
		b.WriteString("**Remediation:** " + m.Remediation + "\n\n")
	}
	if len(m.Controls) > 0 {
		b.WriteString("**Frameworks:**")
		for i, c := range m.Controls {
			sep := ", "
			if i == 0 {
				sep = " "
			}
			b.WriteString(sep + "`" + c.Framework + ":" + c.ID + "`")
		}
		b.WriteString("\n")
	}
	return strings.TrimRight(b.String(), "\n")
}

func sarifResultOf(f check.Finding, ruleIndex int) sarifResult {
	res := sarifResult{
		RuleID:              f.Check,
		RuleIndex:           ruleIndex,
		Kind:                "fail",
		Level:               sarifLevel(f.Severity),
		Message:             sarifMessage{Text: f.Message},
		Locations:           []sarifLocation{findingLocation(f)},
		PartialFingerprints: map[string]string{fingerprintKey: fingerprint(f)},
		Properties: &sarifResultProps{
			Severity: f.Severity.String(), Status: string(f.Status),
			Path: f.Path, Container: f.Container,
		},
	}
	switch f.Status {
	case check.StatusWarn:
		if res.Level == "error" {
			res.Level = "warning" // a warning never reads as an error
		}
	case check.StatusPass:
		res.Kind, res.Level = "pass", "none"
	case check.StatusManual:
		res.Kind, res.Level = "review", "none"
	case check.StatusNotEvaluated:
		res.Kind, res.Level = "notApplicable", "none"
	}
	if f.Suppressed != "" {
		res.Suppressions = []sarifSuppression{suppressionOf(f.Suppressed)}
	}
	return res
}

// suppressionOf reads the "annotation: reason" / "config: reason" form the
// exception package records.
func suppressionOf(s string) sarifSuppression {
	kind, reason, ok := strings.Cut(s, ": ")
	switch {
	case ok && kind == "annotation":
		return sarifSuppression{Kind: "inSource", Status: "accepted", Justification: reason}
	case ok && kind == "config":
		return sarifSuppression{Kind: "external", Status: "accepted", Justification: reason}
	}
	return sarifSuppression{Kind: "external", Status: "accepted", Justification: s}
}

// findingLocation always carries the object as a logical location and,
// when the finding comes from a file, the file and position too: objects
// read from a cluster have no file.
func findingLocation(f check.Finding) sarifLocation {
	return sarifLocation{
		PhysicalLocation: physicalLocation(f.Location),
		LogicalLocations: []sarifLogicalLocation{{
			Name:               f.Object.Name,
			FullyQualifiedName: f.Object.String(),
			Kind:               "resource",
			Properties: &sarifObjectProps{
				APIVersion: f.Object.APIVersion, Kind: f.Object.Kind, Namespace: f.Object.Namespace,
			},
		}},
	}
}

func physicalLocation(l kube.Location) *sarifPhysicalLocation {
	uri, base, ok := artifactURI(l.File)
	if !ok {
		return nil
	}
	pl := &sarifPhysicalLocation{ArtifactLocation: sarifArtifactLocation{URI: uri, URIBaseID: base}}
	if l.Line >= 1 {
		pl.Region = &sarifRegion{StartLine: l.Line}
		if l.Column >= 1 {
			pl.Region.StartColumn = l.Column
		}
	}
	return pl
}

// fingerprint identifies a finding across runs: the same check on the same
// object in the same file at the same field path. The line is left out so
// that editing lines above a finding does not make it a new alert.
func fingerprint(f check.Finding) string {
	uri, _, _ := artifactURI(f.Location.File)
	h := sha256.New()
	for _, s := range []string{f.Check, f.Object.APIVersion, f.Object.Kind, f.Object.Namespace, f.Object.Name, uri, f.Path} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}
