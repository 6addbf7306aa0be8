package bench

import (
	"cmp"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"
)

//go:embed benchmarks/*.yaml
var embedded embed.FS

// Dir is where the embedded benchmarks are, as file names appear in errors.
const Dir = "benchmarks"

// The on-disk format. Sections give defaults (component, kind, severity)
// to their checks; an overlay names a base and patches its checks by ID.
type fileBenchmark struct {
	Name         string                    `yaml:"name"`
	Title        string                    `yaml:"title"`
	Version      string                    `yaml:"version"`
	Base         string                    `yaml:"base"`
	Distribution string                    `yaml:"distribution"`
	Kubernetes   []string                  `yaml:"kubernetes"`
	Components   map[string]*ComponentFile `yaml:"components"`
	Sections     []fileSection             `yaml:"sections"`
	Checks       yaml.Node                 `yaml:"checks"` // overlay patches: a mapping of check ID to fields
}

type fileSection struct {
	ID        string      `yaml:"id"`
	Title     string      `yaml:"title"`
	Target    string      `yaml:"target"`
	Component string      `yaml:"component"`
	Kind      string      `yaml:"kind"`
	Severity  string      `yaml:"severity"`
	Checks    []yaml.Node `yaml:"checks"`
}

type fileCheck struct {
	ID            string    `yaml:"id"`
	Title         string    `yaml:"title"`
	Component     string    `yaml:"component"`
	Kind          string    `yaml:"kind"`
	Settings      []Setting `yaml:"settings"`
	ConfigFile    *Setting  `yaml:"configFile"`
	File          *FileSpec `yaml:"file"`
	Op            string    `yaml:"op"`
	Value         string    `yaml:"value"`
	PassIfAbsent  bool      `yaml:"passIfAbsent"`
	Automated     *bool     `yaml:"automated"`
	Severity      string    `yaml:"severity"`
	Remediation   string    `yaml:"remediation"`
	Query         string    `yaml:"query"`
	NotApplicable string    `yaml:"notApplicable"`
}

// ComponentFile is ComponentSpec as written in a benchmark.
type ComponentFile struct {
	Processes []string      `yaml:"processes"`
	Manifest  string        `yaml:"manifest"`
	Env       bool          `yaml:"env"`
	Config    *ConfigSpec   `yaml:"config"`
	Embedded  *EmbeddedSpec `yaml:"embedded"`
}

// Names lists the embedded benchmarks.
func Names() []string {
	es, _ := fs.ReadDir(embedded, Dir)
	var out []string
	for _, e := range es {
		if n, ok := strings.CutSuffix(e.Name(), ".yaml"); ok && n != versionsFile {
			out = append(out, n)
		}
	}
	return out
}

// loaded caches embedded benchmarks: they never change, and detection,
// selection and the run would otherwise parse the same YAML several times.
var loaded sync.Map // name -> *Benchmark

// Load loads an embedded benchmark by name, with its base if it is an
// overlay. The result is shared: callers must not modify it.
func Load(name string) (*Benchmark, error) {
	if b, ok := loaded.Load(name); ok {
		return b.(*Benchmark), nil
	}
	if !slices.Contains(Names(), name) {
		return nil, fmt.Errorf("unknown benchmark %q (want one of %s)", name, strings.Join(Names(), ", "))
	}
	b, err := LoadFS(embedded, Dir, name)
	if err != nil {
		return nil, err
	}
	actual, _ := loaded.LoadOrStore(name, b)
	return actual.(*Benchmark), nil
}

// LoadFS loads benchmark name from dir/name.yaml of fsys; an overlay's
// base is read from the same directory. Every problem is reported as
// file:line: message, all of them at once.
func LoadFS(fsys fs.FS, dir, name string) (*Benchmark, error) {
	return loadDepth(fsys, dir, name, 0)
}

func loadDepth(fsys fs.FS, dir, name string, depth int) (*Benchmark, error) {
	if depth > 3 {
		return nil, fmt.Errorf("benchmark %s: overlays nest too deep", name)
	}
	file := path.Join(dir, name+".yaml")
	fb, err := readBenchmark(fsys, file)
	if err != nil {
		return nil, err
	}
	l := &loader{file: file}
	if fb.Name != name {
		l.errf(file, 1, "name is %q, want %q (the file name)", fb.Name, name)
	}
	var b *Benchmark
	var base map[string]*yaml.Node
	if fb.Base != "" {
		parent, err := loadBase(fsys, dir, fb.Base, depth+1)
		if err != nil {
			return nil, err
		}
		b, base = parent.clone(), parent.nodes
		b.Name, b.Base = fb.Name, fb.Base
	} else {
		b = &Benchmark{Name: fb.Name, Components: map[string]*ComponentSpec{}}
		if len(fb.Checks.Content) > 0 {
			l.errf(file, 1, "checks: only an overlay (with base) patches checks")
		}
	}
	b.Title = cmp.Or(fb.Title, b.Title)
	b.Version = cmp.Or(fb.Version, b.Version)
	b.Distribution = cmp.Or(fb.Distribution, b.Distribution)
	if fb.Kubernetes != nil {
		b.Kubernetes = fb.Kubernetes
	}
	for n, c := range fb.Components {
		if c == nil {
			l.errf(file, 1, "component %s: empty", n)
			continue
		}
		b.Components[n] = &ComponentSpec{Processes: c.Processes, Manifest: c.Manifest, Env: c.Env, Config: c.Config, Embedded: c.Embedded}
		l.validateComponent(n, c)
	}
	if fb.Base == "" {
		b.nodes = map[string]*yaml.Node{}
		l.loadSections(b, fb.Sections)
	} else {
		if len(fb.Sections) > 0 {
			l.errf(file, 1, "sections: an overlay patches its base's checks by ID and adds no sections")
		}
		b.nodes = map[string]*yaml.Node{}
		for id, n := range base {
			b.nodes[id] = n
		}
		l.applyPatches(b, fb.Checks)
	}
	for _, c := range b.Checks() {
		if c.Component != "" && b.Components[c.Component] == nil {
			f, line := splitSource(c.Source)
			l.errf(f, line, "check %s: component %q is not declared in components", c.ID, c.Component)
		}
	}
	if err := l.err(); err != nil {
		return nil, err
	}
	return b, nil
}

// loadBase loads an overlay's base, from the cache when it is embedded.
func loadBase(fsys fs.FS, dir, name string, depth int) (*Benchmark, error) {
	if fsys == fs.FS(embedded) && dir == Dir {
		return Load(name)
	}
	return loadDepth(fsys, dir, name, depth)
}

func readBenchmark(fsys fs.FS, file string) (*fileBenchmark, error) {
	data, err := fs.ReadFile(fsys, file)
	if err != nil {
		return nil, err
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, fmt.Errorf("%s:%s", file, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	if len(root.Content) == 0 {
		return nil, fmt.Errorf("%s:1: empty benchmark", file)
	}
	doc := root.Content[0]
	if err := strictKeys(doc, reflect.TypeOf(fileBenchmark{}), "benchmark"); err != nil {
		return nil, fmt.Errorf("%s:%s", file, strings.TrimPrefix(err.Error(), "line "))
	}
	var fb fileBenchmark
	if err := doc.Decode(&fb); err != nil {
		msgs := decodeError(err)
		for i, m := range msgs {
			msgs[i] = file + ":" + strings.TrimPrefix(m, "line ")
		}
		return nil, errors.New(strings.Join(msgs, "\n"))
	}
	return &fb, nil
}

// loader collects every problem of one file.
type loader struct {
	file string
	errs []string
}

func (l *loader) errf(file string, line int, format string, args ...any) {
	l.errs = append(l.errs, fmt.Sprintf("%s:%d: %s", file, line, fmt.Sprintf(format, args...)))
}

func (l *loader) err() error {
	if len(l.errs) == 0 {
		return nil
	}
	return errors.New(strings.Join(l.errs, "\n"))
}

func (l *loader) validateComponent(name string, c *ComponentFile) {
	if len(c.Processes) == 0 && c.Embedded == nil {
		l.errf(l.file, 1, "component %s: needs processes or embedded", name)
	}
	if c.Embedded != nil && (len(c.Embedded.Processes) == 0 || c.Embedded.ArgFlag == "") {
		l.errf(l.file, 1, "component %s: embedded needs processes and argFlag", name)
	}
}

func (l *loader) loadSections(b *Benchmark, sections []fileSection) {
	seen := map[string]string{}
	for _, fs := range sections {
		s := &Section{ID: fs.ID, Title: fs.Title, Target: fs.Target}
		if !slices.Contains(Targets, fs.Target) {
			l.errf(l.file, 1, "section %s: unknown target %q (want one of %s)", fs.ID, fs.Target, strings.Join(Targets, ", "))
		}
		for i := range fs.Checks {
			n := applyDefaults(&fs.Checks[i], fs)
			c := l.decodeCheck(n, s, nil, 0)
			if c == nil {
				continue
			}
			if prev, dup := seen[c.ID]; dup {
				l.errf(l.file, n.Line, "check %s: duplicate ID (first at %s)", c.ID, prev)
				continue
			}
			seen[c.ID] = c.Source
			b.nodes[c.ID] = n
			s.Checks = append(s.Checks, c)
		}
		b.Sections = append(b.Sections, s)
	}
}

// applyDefaults copies the section's component, kind and severity into a
// check's node when the check does not set them.
func applyDefaults(n *yaml.Node, s fileSection) *yaml.Node {
	out := *n
	out.Content = slices.Clone(n.Content)
	for _, d := range [][2]string{{"component", s.Component}, {"kind", s.Kind}, {"severity", s.Severity}} {
		if d[1] != "" && field(n, d[0]) == nil {
			out.Content = append(out.Content,
				&yaml.Node{Kind: yaml.ScalarNode, Value: d[0], Line: n.Line},
				&yaml.Node{Kind: yaml.ScalarNode, Value: d[1], Line: n.Line})
		}
	}
	return &out
}

// applyPatches replaces the fields an overlay sets in each check.
func (l *loader) applyPatches(b *Benchmark, patches yaml.Node) {
	if patches.Kind != 0 && patches.Kind != yaml.MappingNode {
		l.errf(l.file, patches.Line, "checks: want a mapping of check ID to fields")
		return
	}
	for i := 0; i+1 < len(patches.Content); i += 2 {
		idNode, p := patches.Content[i], patches.Content[i+1]
		id := idNode.Value
		baseNode := b.nodes[id]
		if baseNode == nil {
			l.errf(l.file, idNode.Line, "check %s: not in base benchmark %s", id, b.Base)
			continue
		}
		if err := strictKeys(p, reflect.TypeOf(fileCheck{}), "check "+id); err != nil {
			l.errs = append(l.errs, l.file+":"+strings.TrimPrefix(err.Error(), "line "))
			continue
		}
		merged := *baseNode
		merged.Content = slices.Clone(baseNode.Content)
		patched := map[string]bool{}
		for i := 0; i+1 < len(p.Content); i += 2 {
			k := p.Content[i].Value
			patched[k] = true
			replaced := false
			for j := 0; j+1 < len(merged.Content); j += 2 {
				if merged.Content[j].Value == k {
					merged.Content[j], merged.Content[j+1] = p.Content[i], p.Content[i+1]
					replaced = true
				}
			}
			if !replaced {
				merged.Content = append(merged.Content, p.Content[i], p.Content[i+1])
			}
		}
		old := b.Check(id)
		c := l.decodeCheck(&merged, old.Section, patched, idNode.Line)
		if c == nil {
			continue
		}
		c.Source = fmt.Sprintf("%s:%d", l.file, idNode.Line)
		b.nodes[id] = &merged
		for i, sc := range old.Section.Checks {
			if sc.ID == id {
				old.Section.Checks[i] = c
			}
		}
	}
}

func splitSource(src string) (string, int) {
	i := strings.LastIndex(src, ":")
	if i < 0 {
		return src, 0
	}
	n, _ := strconv.Atoi(src[i+1:])
	return src[:i], n
}

// clone copies the benchmark deeply enough for an overlay to patch it.
func (b *Benchmark) clone() *Benchmark {
	out := *b
	out.Components = map[string]*ComponentSpec{}
	for k, v := range b.Components {
		out.Components[k] = v
	}
	out.Sections = make([]*Section, len(b.Sections))
	for i, s := range b.Sections {
		ns := *s
		ns.Checks = make([]*Check, len(s.Checks))
		for j, c := range s.Checks {
			nc := *c
			nc.Section = &ns
			ns.Checks[j] = &nc
		}
		out.Sections[i] = &ns
	}
	return &out
}
