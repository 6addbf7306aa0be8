package report

import (
	"net/url"

	"github.com/kubeward/kubeward/internal/check"
	"path"
	"path/filepath"
	"strings"
)

// The SARIF 2.1.0 objects kubeward writes: only the properties it fills,
// named as the specification names them.

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool        sarifTool         `json:"tool"`
	Invocations []sarifInvocation `json:"invocations"`
	Results     []sarifResult     `json:"results"`
	ColumnKind  string            `json:"columnKind"`
	Properties  *sarifRunProps    `json:"properties,omitempty"`
}

// sarifRunProps carries what SARIF has no place for: the posture score and
// the compliance view of each framework asked for, as in the JSON report.
type sarifRunProps struct {
	Score      *int         `json:"score"`
	Compliance []Compliance `json:"compliance,omitempty"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name    string      `json:"name"`
	Version string      `json:"version,omitempty"`
	Rules   []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID                   string          `json:"id"`
	Name                 string          `json:"name"`
	ShortDescription     *sarifMessage   `json:"shortDescription,omitempty"`
	FullDescription      *sarifMessage   `json:"fullDescription,omitempty"`
	Help                 *sarifHelp      `json:"help,omitempty"`
	DefaultConfiguration sarifRuleConfig `json:"defaultConfiguration"`
	Properties           sarifRuleProps  `json:"properties"`
}

type sarifHelp struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifRuleConfig struct {
	Level string `json:"level"`
}

type sarifRuleProps struct {
	Tags             []string `json:"tags"`
	Precision        string   `json:"precision"`
	SecuritySeverity string   `json:"security-severity"`
	// Frameworks lists the rule's control IDs per framework, as findings
	// carry them in the JSON report.
	Frameworks *check.Frameworks `json:"frameworks,omitempty"`
}

type sarifInvocation struct {
	ExecutionSuccessful bool                `json:"executionSuccessful"`
	StartTimeUTC        string              `json:"startTimeUtc,omitempty"`
	Notifications       []sarifNotification `json:"toolExecutionNotifications,omitempty"`
}

type sarifNotification struct {
	Level          string          `json:"level"`
	Message        sarifMessage    `json:"message"`
	Locations      []sarifLocation `json:"locations,omitempty"`
	AssociatedRule *sarifRuleRef   `json:"associatedRule,omitempty"`
}

type sarifRuleRef struct {
	ID    string `json:"id"`
	Index *int   `json:"index,omitempty"`
}

type sarifMessage struct {
	Text string `json:"text"`
}

type sarifResult struct {
	RuleID              string             `json:"ruleId"`
	RuleIndex           int                `json:"ruleIndex"`
	Kind                string             `json:"kind"`
	Level               string             `json:"level"`
	Message             sarifMessage       `json:"message"`
	Locations           []sarifLocation    `json:"locations"`
	PartialFingerprints map[string]string  `json:"partialFingerprints"`
	Suppressions        []sarifSuppression `json:"suppressions,omitempty"`
	Properties          *sarifResultProps  `json:"properties,omitempty"`
}

type sarifResultProps struct {
	Severity  string `json:"severity"`
	Status    string `json:"status"`
	Path      string `json:"path,omitempty"`
	Container string `json:"container,omitempty"`
}

type sarifSuppression struct {
	Kind          string `json:"kind"`
	Status        string `json:"status"`
	Justification string `json:"justification,omitempty"`
}

type sarifLocation struct {
	PhysicalLocation *sarifPhysicalLocation `json:"physicalLocation,omitempty"`
	LogicalLocations []sarifLogicalLocation `json:"logicalLocations,omitempty"`
}

type sarifPhysicalLocation struct {
	ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
	Region           *sarifRegion          `json:"region,omitempty"`
}

type sarifArtifactLocation struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
}

type sarifLogicalLocation struct {
	Name               string            `json:"name"`
	FullyQualifiedName string            `json:"fullyQualifiedName"`
	Kind               string            `json:"kind"`
	Properties         *sarifObjectProps `json:"properties,omitempty"`
}

type sarifObjectProps struct {
	APIVersion string `json:"apiVersion"`
	Kind       string `json:"kind"`
	Namespace  string `json:"namespace,omitempty"`
}

// artifactURI turns an input file name into a SARIF artifact URI: relative
// paths stay relative to %SRCROOT% (the checkout, for code scanning) with
// forward slashes, absolute paths become file URIs. Names that are not
// files ("<stdin>", or none for cluster objects) have no URI.
func artifactURI(file string) (uri, base string, ok bool) {
	if file == "" || strings.HasPrefix(file, "<") {
		return "", "", false
	}
	slashed := filepath.ToSlash(file)
	if filepath.IsAbs(file) || strings.HasPrefix(slashed, "/") {
		if !strings.HasPrefix(slashed, "/") {
			slashed = "/" + slashed // a Windows drive path: file:///C:/...
		}
		return (&url.URL{Scheme: "file", Path: slashed}).String(), "", true
	}
	clean := path.Clean(slashed)
	return (&url.URL{Path: clean}).String(), srcRoot, true
}
