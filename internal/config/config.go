// Package config reads .kubeward.yaml, the one file that tunes every mode:
// which checks run, at what severity, and which findings are excepted.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/kubeward/kubeward/internal/check"
)

// DefaultFile is read from the working directory when --config is not given.
const DefaultFile = ".kubeward.yaml"

// Config is the whole file. Unknown keys are errors, so a typo never turns
// an exception off silently.
type Config struct {
	Checks     Checks      `yaml:"checks"`
	Exceptions []Exception `yaml:"exceptions"`
	Images     Images      `yaml:"images"`
	Audit      Audit       `yaml:"audit"`
}

// Images constrains where container images may come from.
type Images struct {
	// AllowedRegistries: registry hosts, or host/path prefixes, images
	// must come from. Empty allows all.
	AllowedRegistries []string `yaml:"allowedRegistries"`
}

// Checks selects and tunes checks.
type Checks struct {
	Disable  []string                  `yaml:"disable"`
	Severity map[string]check.Severity `yaml:"severity"`
}

// Exception suppresses findings of some checks on matching objects. Empty
// match fields match everything; values may use * and ? wildcards.
type Exception struct {
	Checks    []string `yaml:"checks"` // check IDs, or "*"
	Namespace string   `yaml:"namespace"`
	Kind      string   `yaml:"kind"`
	Name      string   `yaml:"name"`
	Container string   `yaml:"container"`
	Reason    string   `yaml:"reason"`
	Expires   Date     `yaml:"expires"`
	File      string   `yaml:"-"` // where the exception is written, for messages
	Line      int      `yaml:"-"`
}

// Date is a calendar day (YYYY-MM-DD); an exception expires at its end.
type Date struct{ time.Time }

func (d *Date) UnmarshalYAML(n *yaml.Node) error {
	t, err := time.Parse(time.DateOnly, n.Value)
	if err != nil {
		return fmt.Errorf("line %d: expires %q is not a date (want YYYY-MM-DD)", n.Line, n.Value)
	}
	d.Time = t
	return nil
}

// Expired reports whether the exception no longer applies at now.
func (e Exception) Expired(now time.Time) bool {
	return !e.Expires.IsZero() && now.After(e.Expires.AddDate(0, 0, 1))
}

// Load reads a config file. A missing default file is not an error; a
// missing explicit file is.
func Load(path string, explicit bool, known func(id string) bool) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		if !explicit && errors.Is(err, os.ErrNotExist) {
			return &Config{}, nil
		}
		return nil, fmt.Errorf("read config: %w", err)
	}
	c, err := Parse(data, known)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	for i := range c.Exceptions {
		c.Exceptions[i].File = path
	}
	return c, nil
}

// Parse decodes and validates a config. known says whether a check ID
// exists; it is a parameter so this package does not import the registry.
func Parse(data []byte, known func(id string) bool) (*Config, error) {
	var c Config
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil && err != io.EOF {
		return nil, fmt.Errorf("invalid config: %s", trimYAMLPrefix(err.Error()))
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err == nil {
		recordLines(&root, c.Exceptions)
	}
	return &c, c.validate(known)
}

func (c *Config) validate(known func(string) bool) error {
	var errs []error
	for _, id := range c.Checks.Disable {
		if !known(id) {
			errs = append(errs, fmt.Errorf("checks.disable: unknown check %q", id))
		}
	}
	for id := range c.Checks.Severity {
		if !known(id) {
			errs = append(errs, fmt.Errorf("checks.severity: unknown check %q", id))
		}
	}
	for i, e := range c.Exceptions {
		where := fmt.Sprintf("exceptions[%d] (line %d)", i, e.Line)
		if len(e.Checks) == 0 {
			errs = append(errs, fmt.Errorf("%s: no checks listed (use \"*\" for all)", where))
		}
		for _, id := range e.Checks {
			if id != "*" && !known(id) {
				errs = append(errs, fmt.Errorf("%s: unknown check %q", where, id))
			}
		}
		if e.Reason == "" {
			errs = append(errs, fmt.Errorf("%s: a reason is required", where))
		}
	}
	errs = append(errs, c.Audit.validate(known)...)
	return errors.Join(errs...)
}

// recordLines notes where each exception is written, for error messages.
func recordLines(root *yaml.Node, excs []Exception) {
	if len(root.Content) == 0 || root.Content[0].Kind != yaml.MappingNode {
		return
	}
	m := root.Content[0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value != "exceptions" || m.Content[i+1].Kind != yaml.SequenceNode {
			continue
		}
		for j, item := range m.Content[i+1].Content {
			if j < len(excs) {
				excs[j].Line = item.Line
			}
		}
	}
}

func trimYAMLPrefix(s string) string {
	if len(s) > 6 && s[:6] == "yaml: " {
		return s[6:]
	}
	return s
}
