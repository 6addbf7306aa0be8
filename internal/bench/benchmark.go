// Package bench runs the CIS Kubernetes Benchmark's node checks natively:
// benchmarks are data (benchmarks/*.yaml, embedded), evaluated against a
// component's effective settings and the node's files.
//
// The evaluation has one seam: a Component is a component's command-line
// flags, environment and config file, whatever they were read from. The
// node benchmark builds Components from /proc (Discover); a cluster scan
// can build them from a control-plane Pod's command line and evaluate the
// same rules with EvaluateComponent.
package bench

import (
	"go.yaml.in/yaml/v3"

	"github.com/kubeward/kubeward/internal/check"
)

// Benchmark is one loaded benchmark: a base such as cis-1.12, or a
// distribution overlay on it such as k3s-cis-1.12.
type Benchmark struct {
	Name         string // e.g. "cis-1.12"
	Title        string
	Version      string // CIS benchmark version, e.g. "1.12"
	Base         string // the benchmark an overlay patches; empty for a base
	Distribution string // "", "k3s" or "rke2": selected when its process runs
	// Kubernetes lists the minor versions the benchmark is written for,
	// for selecting it from the running version.
	Kubernetes []string
	Components map[string]*ComponentSpec
	Sections   []*Section

	nodes map[string]*yaml.Node // check definitions by ID, for overlays to patch
}

// Section is a numbered group of checks that share a target.
type Section struct {
	ID     string
	Title  string
	Target string // master, controlplane, etcd, node or policies
	Checks []*Check
}

// Targets lists the benchmark targets in run order.
var Targets = []string{"master", "etcd", "controlplane", "node", "policies"}

// Kind is how a check is evaluated.
type Kind string

const (
	KindFlag      Kind = "flag"       // a command-line flag (or etcd env var)
	KindConfig    Kind = "config"     // a flag or, failing that, a config-file key
	KindFileMode  Kind = "file-mode"  // permission bits of files
	KindFileOwner Kind = "file-owner" // user:group of files
	KindAPI       Kind = "api"        // a query through the Kubernetes API
	KindManual    Kind = "manual"     // needs a person
)

var kinds = []Kind{KindFlag, KindConfig, KindFileMode, KindFileOwner, KindAPI, KindManual}

// Check is one benchmark recommendation.
type Check struct {
	ID           string
	Title        string
	Section      *Section
	Component    string // key of Benchmark.Components; empty for api and manual
	Kind         Kind
	Settings     []Setting // flag and config checks: every one must satisfy Op
	ConfigFile   *Setting  // config checks on a file named by a flag, e.g. --encryption-provider-config
	File         *FileSpec // file checks
	Op           Operator
	Value        string
	PassIfAbsent bool // a setting or file that is absent everywhere passes
	Automated    bool // CIS labels the recommendation Automated
	Severity     check.Severity
	Remediation  string
	Query        string // api checks: what the API is asked
	// NotApplicable, when set, says why the check does not apply to this
	// benchmark's distribution; it is reported not evaluated with that reason.
	NotApplicable string

	Source string // file:line of the check's definition
}

// Setting names one value of a component: a flag, a config-file key and an
// environment variable that all mean the same thing, with the component's
// own default.
type Setting struct {
	Flag   string `yaml:"flag"`   // e.g. "--anonymous-auth"
	MapKey string `yaml:"mapKey"` // for map-valued flags such as --feature-gates: the entry's key
	Key    string `yaml:"key"`    // config-file key path, e.g. "authentication.anonymous.enabled"
	Env    string `yaml:"env"`    // environment variable, e.g. "ETCD_CERT_FILE"
	// Default is the value the component uses when the setting is absent;
	// DefaultWithoutConfig, when set, is the one it uses when it runs
	// without a config file (the kubelet's legacy flag defaults differ from
	// its config-file defaults).
	Default              string `yaml:"default"`
	DefaultWithoutConfig string `yaml:"defaultWithoutConfig"`
}

// Name is how the setting is shown in evidence: its flag, or its key.
func (s Setting) Name() string {
	switch {
	case s.Flag != "" && s.MapKey != "":
		return s.Flag + "=" + s.MapKey
	case s.Flag != "":
		return s.Flag
	case s.Key != "":
		return s.Key
	}
	return s.Env
}

// FileSpec says which files a file check looks at.
type FileSpec struct {
	// Paths are the files (or directories) to check; those that exist are
	// checked. When From names a setting that is set, its value replaces
	// Paths.
	Paths []string `yaml:"paths"`
	From  *Setting `yaml:"from"`
	// Walk, when set, checks what is below each path: "files" for the
	// regular files, "all" for the directory itself and everything below.
	Walk string `yaml:"walk"`
	// Match keeps only entries whose base name matches this glob.
	Match string `yaml:"match"`
}

// ComponentSpec says how to find a component on a node.
type ComponentSpec struct {
	// Processes are executable names, optionally followed by a
	// subcommand: "kube-apiserver", "hyperkube apiserver".
	Processes []string
	// Manifest is the static pod manifest the kubelet runs the component
	// from; used for the version and when the process is not visible.
	Manifest string
	Env      bool        // read the process environment (etcd's ETCD_* variables)
	Config   *ConfigSpec // the component's config file
	// Embedded describes a distribution that runs the component inside its
	// own process (k3s server): the component then has no process of its
	// own and its flags come from the launcher's.
	Embedded *EmbeddedSpec
}

// ConfigSpec says where a component's config file is.
type ConfigSpec struct {
	Flag       string `yaml:"flag"`       // flag naming the file, e.g. "--config"
	DropInFlag string `yaml:"dropInFlag"` // flag naming a drop-in directory, e.g. "--config-dir"
	Path       string `yaml:"path"`       // a fixed path, when no flag names it
	// Exclusive: when the file is given, the component ignores its other
	// flags and its environment (etcd's --config-file).
	Exclusive bool `yaml:"exclusive"`
}

// EmbeddedSpec is a launcher process that runs a component in-process.
type EmbeddedSpec struct {
	Processes []string `yaml:"processes"` // "k3s server", "k3s agent"
	// ArgFlag is the launcher's flag whose values are the component's
	// flags without dashes, e.g. --kube-apiserver-arg=anonymous-auth=false.
	ArgFlag string `yaml:"argFlag"`
	// ConfigFile is the launcher's config file, whose keys are its flags
	// without dashes (k3s hides its command line from /proc).
	ConfigFile string `yaml:"configFile"`
	// Builtin are the flags the launcher passes to the component itself;
	// ArgFlag values override them.
	Builtin []string `yaml:"builtin"`
	// When adds flags when the launcher has a given flag value.
	When []ConditionalArgs `yaml:"when"`
	// Requires names a file that exists only when the launcher runs the
	// component (k3s runs etcd only for an HA datastore).
	Requires string `yaml:"requires"`
}

// ConditionalArgs are flags a launcher adds when one of its own flags has
// a value, e.g. k3s --secrets-encryption=true adds the encryption config.
type ConditionalArgs struct {
	Flag  string   `yaml:"flag"`
	Value string   `yaml:"value"`
	Args  []string `yaml:"args"`
}

// Checks lists every check in section order.
func (b *Benchmark) Checks() []*Check {
	var out []*Check
	for _, s := range b.Sections {
		out = append(out, s.Checks...)
	}
	return out
}

// Check finds a check by ID.
func (b *Benchmark) Check(id string) *Check {
	for _, s := range b.Sections {
		for _, c := range s.Checks {
			if c.ID == id {
				return c
			}
		}
	}
	return nil
}
