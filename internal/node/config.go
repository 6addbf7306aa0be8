package node

import (
	"fmt"
	"path"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Config is a component's configuration file (YAML or JSON), possibly
// merged from a main file and drop-in files, with where each part came
// from.
type Config struct {
	Data  map[string]any
	parts []configPart // in merge order: later parts win
}

type configPart struct {
	file string
	data map[string]any
}

// Files lists the files the config was merged from, in merge order.
func (c *Config) Files() []string {
	out := make([]string, len(c.parts))
	for i, p := range c.parts {
		out[i] = p.file
	}
	return out
}

// ParseConfig decodes one YAML or JSON config document.
func ParseConfig(b []byte) (map[string]any, error) {
	var m map[string]any
	if err := yaml.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	if m == nil {
		m = map[string]any{}
	}
	return m, nil
}

// LoadConfig reads a config file and, when dropInDir is not empty, the
// drop-ins of that directory merged over it the way the kubelet merges
// --config-dir: files ending in .conf in lexical order, each one's fields
// overriding earlier values; nested objects merge field by field, lists and
// scalars are replaced whole. main may be empty (drop-ins only).
func (s *Snapshot) LoadConfig(main, dropInDir string) (*Config, error) {
	c := &Config{Data: map[string]any{}}
	add := func(p string) error {
		b, err := s.ReadFile(p)
		if err != nil {
			return err
		}
		m, err := ParseConfig(b)
		if err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		c.parts = append(c.parts, configPart{file: p, data: m})
		mergeInto(c.Data, m)
		return nil
	}
	if main != "" {
		if err := add(main); err != nil {
			return nil, err
		}
	}
	if dropInDir != "" {
		es, err := s.ReadDir(dropInDir)
		if err != nil {
			return nil, err
		}
		var names []string
		for _, e := range es {
			if !e.IsDir() && strings.HasSuffix(e.Name(), ".conf") {
				names = append(names, e.Name())
			}
		}
		slices.Sort(names)
		for _, n := range names {
			if err := add(path.Join(dropInDir, n)); err != nil {
				return nil, err
			}
		}
	}
	return c, nil
}

// mergeInto merges src over dst: objects field by field, anything else
// replaced.
func mergeInto(dst, src map[string]any) {
	for k, v := range src {
		if sm, ok := v.(map[string]any); ok {
			if dm, ok := dst[k].(map[string]any); ok {
				mergeInto(dm, sm)
				continue
			}
			cp := map[string]any{}
			mergeInto(cp, sm)
			dst[k] = cp
			continue
		}
		dst[k] = v
	}
}

// Lookup finds a key path in the merged config and the file whose value
// won. See Select for the path syntax.
func (c *Config) Lookup(keyPath string) (values []any, file string, ok bool, err error) {
	values, ok, err = Select(c.Data, keyPath)
	if err != nil || !ok {
		return nil, "", ok, err
	}
	for i := len(c.parts) - 1; i >= 0; i-- {
		if _, found, _ := Select(c.parts[i].data, keyPath); found {
			return values, c.parts[i].file, true, nil
		}
	}
	return values, "", true, nil
}

// Select evaluates a key path on decoded config data. A path is dotted
// field names ("authentication.anonymous.enabled"); a field may be followed
// by [N] for one list element or [*] for every element
// ("resources[*].providers[0]"). With [*] there can be several values.
func Select(data any, keyPath string) ([]any, bool, error) {
	steps, err := parseKeyPath(keyPath)
	if err != nil {
		return nil, false, err
	}
	cur := []any{data}
	for _, st := range steps {
		var next []any
		for _, v := range cur {
			if st.field != "" {
				m, ok := v.(map[string]any)
				if !ok {
					continue
				}
				fv, ok := m[st.field]
				if !ok {
					continue
				}
				v = fv
			}
			if !st.indexed {
				next = append(next, v)
				continue
			}
			l, ok := v.([]any)
			if !ok {
				continue
			}
			if st.all {
				next = append(next, l...)
			} else if st.index < len(l) {
				next = append(next, l[st.index])
			}
		}
		cur = next
	}
	return cur, len(cur) > 0, nil
}

type keyStep struct {
	field   string
	indexed bool
	all     bool
	index   int
}

// parseKeyPath splits a key path into steps; it is checked when a
// benchmark is loaded so that a typo is an error there, not a silent miss.
func parseKeyPath(p string) ([]keyStep, error) {
	if p == "" {
		return nil, fmt.Errorf("empty key path")
	}
	var steps []keyStep
	for _, part := range strings.Split(p, ".") {
		field, idx, hasIdx := strings.Cut(part, "[")
		if field == "" && !hasIdx {
			return nil, fmt.Errorf("key path %q: empty field name", p)
		}
		if field != "" {
			steps = append(steps, keyStep{field: field})
		}
		for hasIdx {
			var inner string
			var ok bool
			inner, idx, ok = strings.Cut(idx, "]")
			if !ok {
				return nil, fmt.Errorf("key path %q: missing ]", p)
			}
			st := keyStep{indexed: true}
			if inner == "*" {
				st.all = true
			} else {
				n := 0
				if inner == "" {
					return nil, fmt.Errorf("key path %q: empty index", p)
				}
				for _, c := range inner {
					if c < '0' || c > '9' {
						return nil, fmt.Errorf("key path %q: index %q is not a number or *", p, inner)
					}
					n = n*10 + int(c-'0')
					if n > 1<<20 {
						return nil, fmt.Errorf("key path %q: index too large", p)
					}
				}
				st.index = n
			}
			steps = append(steps, st)
			if idx == "" {
				break
			}
			if !strings.HasPrefix(idx, "[") {
				return nil, fmt.Errorf("key path %q: unexpected %q after ]", p, idx)
			}
			idx = idx[1:]
		}
	}
	return steps, nil
}

// ValidKeyPath reports a syntax error in a key path.
func ValidKeyPath(p string) error {
	_, err := parseKeyPath(p)
	return err
}

// WithFile records that the whole config came from one file.
func (c *Config) WithFile(file string) *Config {
	c.parts = []configPart{{file: file, data: c.Data}}
	return c
}
