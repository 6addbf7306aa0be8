package audit

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
)

// Policy is an audit.k8s.io/v1 Policy as the linter reads it, with the
// line of each rule.
type Policy struct {
	APIVersion string `yaml:"apiVersion"`
	Kind       string `yaml:"kind"`
	Metadata   struct {
		Name string `yaml:"name"`
	} `yaml:"metadata"`
	OmitStages        []string     `yaml:"omitStages"`
	OmitManagedFields bool         `yaml:"omitManagedFields"`
	Rules             []PolicyRule `yaml:"rules"`

	file       string
	line       int // of the document
	rulesLine  int
	omitLine   int
	ruleLines  []int
	levelLines []int
}

// PolicyRule is one rule of an audit policy.
type PolicyRule struct {
	Level             string           `yaml:"level"`
	Users             []string         `yaml:"users"`
	UserGroups        []string         `yaml:"userGroups"`
	Verbs             []string         `yaml:"verbs"`
	Resources         []GroupResources `yaml:"resources"`
	Namespaces        []string         `yaml:"namespaces"`
	NonResourceURLs   []string         `yaml:"nonResourceURLs"`
	OmitStages        []string         `yaml:"omitStages"`
	OmitManagedFields *bool            `yaml:"omitManagedFields"`
}

// GroupResources selects resources of one API group.
type GroupResources struct {
	Group         string   `yaml:"group"`
	Resources     []string `yaml:"resources"`
	ResourceNames []string `yaml:"resourceNames"`
}

// Audit levels, from least to most recorded.
var levels = []string{"None", "Metadata", "Request", "RequestResponse"}

func levelRank(l string) int { return slices.Index(levels, l) }

// ParsePolicy reads an audit policy (YAML or JSON). Errors name the file
// and line.
func ParsePolicy(file string, data []byte) (*Policy, error) {
	var root yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&root); err != nil {
		if err == io.EOF {
			return nil, fmt.Errorf("%s: empty file, not an audit policy", file)
		}
		return nil, yamlError(file, err)
	}
	var p Policy
	strict := yaml.NewDecoder(bytes.NewReader(data))
	strict.KnownFields(true)
	if err := strict.Decode(&p); err != nil {
		return nil, yamlError(file, err)
	}
	p.file = file
	doc := &root
	if doc.Kind == yaml.DocumentNode && len(doc.Content) > 0 {
		doc = doc.Content[0]
	}
	p.line = doc.Line
	if p.Kind != "Policy" || !strings.HasPrefix(p.APIVersion, "audit.k8s.io/") {
		return nil, fmt.Errorf("%s:%d: not an audit policy: kind %q, apiVersion %q (want kind Policy, apiVersion audit.k8s.io/v1)", file, p.line, p.Kind, p.APIVersion)
	}
	for i := 0; doc.Kind == yaml.MappingNode && i+1 < len(doc.Content); i += 2 {
		switch doc.Content[i].Value {
		case "rules":
			p.rulesLine = doc.Content[i].Line
			for _, r := range doc.Content[i+1].Content {
				p.ruleLines = append(p.ruleLines, r.Line)
				p.levelLines = append(p.levelLines, valueLine(r, "level", r.Line))
			}
		case "omitStages":
			p.omitLine = doc.Content[i].Line
		}
	}
	for i, r := range p.Rules {
		if levelRank(r.Level) < 0 {
			return nil, fmt.Errorf("%s:%d: rule %d: level %q is not one of %s", file, p.levelLines[i], i+1, r.Level, strings.Join(levels, ", "))
		}
	}
	return &p, nil
}

func valueLine(m *yaml.Node, key string, def int) int {
	for i := 0; m.Kind == yaml.MappingNode && i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1].Line
		}
	}
	return def
}

// probe is a kind of request the linter asks the policy about.
type probe struct {
	group, resource, sub, verb string
}

func (p probe) String() string {
	r := p.resource
	if p.sub != "" {
		r += "/" + p.sub
	}
	return p.verb + " " + r
}

func probes(group string, resources []string, verbs ...string) []probe {
	var out []probe
	for _, r := range resources {
		res, sub, _ := strings.Cut(r, "/")
		for _, v := range verbs {
			out = append(out, probe{group, res, sub, v})
		}
	}
	return out
}

// decision is one rule that decides the level of a probe for some or all
// requests.
type decision struct {
	rule    int  // index
	certain bool // the rule decides for every such request
}

// decide lists the rules that may set the level of p, in order, ending at
// the first that matches every such request. matched is false when no
// rule matches every such request: some are then not logged at all.
func (p *Policy) decide(pr probe) (ds []decision, matched bool) {
	for i, r := range p.Rules {
		may, certain := r.matches(pr)
		if !may {
			continue
		}
		ds = append(ds, decision{i, certain})
		if certain {
			return ds, true
		}
	}
	return ds, false
}

// matches tells whether a rule matches requests of the probe's kind: for
// some of them (may), or for all (certain), as the API server's policy
// evaluation does it.
func (r *PolicyRule) matches(pr probe) (may, certain bool) {
	if len(r.Verbs) > 0 && !slices.Contains(r.Verbs, pr.verb) {
		return false, false
	}
	if len(r.Resources) == 0 && len(r.NonResourceURLs) > 0 {
		return false, false // a rule for non-resource URLs only
	}
	certain = len(r.Users) == 0 && len(r.UserGroups) == 0 && len(r.Namespaces) == 0
	if len(r.Resources) == 0 {
		return true, certain
	}
	for _, gr := range r.Resources {
		if gr.Group != pr.group {
			continue
		}
		if len(gr.Resources) == 0 || slices.ContainsFunc(gr.Resources, func(res string) bool { return resourceMatches(res, pr) }) {
			return true, certain && len(gr.ResourceNames) == 0
		}
	}
	return false, false
}

func resourceMatches(res string, pr probe) bool {
	combined := pr.resource
	if pr.sub != "" {
		combined += "/" + pr.sub
	}
	switch {
	case res == combined || res == "*":
		return true
	case pr.sub != "" && strings.HasPrefix(res, "*/") && res[2:] == pr.sub:
		return true
	case strings.HasSuffix(res, "/*") && strings.TrimSuffix(res, "/*") == pr.resource:
		return true
	}
	return false
}

// isCatchAll reports whether a rule matches every request.
func (r *PolicyRule) isCatchAll() bool {
	return len(r.Users) == 0 && len(r.UserGroups) == 0 && len(r.Verbs) == 0 && len(r.Resources) == 0 &&
		len(r.Namespaces) == 0 && len(r.NonResourceURLs) == 0
}

// ref names the policy as a finding's object.
func (p *Policy) ref() kube.Ref {
	name := p.Metadata.Name
	if name == "" {
		name = filepath.Base(p.file)
	}
	return kube.Ref{APIVersion: p.APIVersion, Kind: "Policy", Name: name}
}

func (p *Policy) finding(m *check.Meta, line int, msg string) check.Finding {
	return check.Finding{Check: m.ID, Severity: m.Severity, Status: check.StatusFail, Title: m.Title, Message: msg,
		Object: p.ref(), Location: kube.Location{File: p.file, Line: line}, Frameworks: check.FrameworksOf(m.Controls), Remediation: m.Remediation}
}

var yamlLine = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*?)(?: in type [\w.]+)?$`)

// yamlError puts the file and line in front of a YAML error, the way
// every other kubeward message names a place: "policy.yaml:5: field verb
// not found".
func yamlError(file string, err error) error {
	var msgs []string
	if te, ok := err.(*yaml.TypeError); ok {
		msgs = te.Errors
	} else {
		msgs = []string{err.Error()}
	}
	for i, m := range msgs {
		if g := yamlLine.FindStringSubmatch(m); g != nil {
			msgs[i] = file + ":" + g[1] + ": " + g[2]
		} else {
			msgs[i] = file + ": " + strings.TrimPrefix(m, "yaml: ")
		}
	}
	return errors.New(strings.Join(msgs, "\n"))
}
