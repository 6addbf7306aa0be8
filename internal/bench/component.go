package bench

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/node"
)

// Component is what the rules see of one running component: its flags,
// environment and config file. It does not care where they were read: a
// process in /proc, a static pod manifest, or a Pod's command line seen
// through the API all make the same Component.
type Component struct {
	Name   string // benchmark component name, e.g. "kube-apiserver"
	Source string // where its flags were read, for evidence: "command line of process 412 (kube-apiserver)"
	PID    int    // 0 when not read from a process

	Flags node.Flags // the component's own command line (without the executable)
	// Builtin are flags a distribution's launcher passes itself (k3s);
	// Flags override them.
	Builtin       node.Flags
	BuiltinSource string

	Env    map[string]string // nil when not read
	EnvErr error             // why the environment could not be read

	Config     *node.Config // nil when the component runs without a config file
	ConfigPath string       // the config file (or drop-in directory) in use
	ConfigErr  error        // why the config file could not be read
	// ConfigExclusive: the config file, when given, replaces flags and
	// environment (etcd --config-file).
	ConfigExclusive bool

	Version string // e.g. "v1.33.2", from a static pod image; may be empty

	// FlagsHidden, when set, says why the component's command line is not
	// known (a kubelet read through configz): a setting that only a flag
	// holds is then not evaluated rather than taken as absent.
	FlagsHidden string
}

// NewComponent makes a Component from a command line (executable first),
// the seam for callers that see a component's command but not its node:
// a cluster scan builds one per control-plane Pod. Config and Env stay
// empty unless the caller fills them.
func NewComponent(name, source string, argv []string) *Component {
	var args []string
	if len(argv) > 0 {
		args = argv[1:]
	}
	return &Component{Name: name, Source: source, Flags: node.ParseFlags(args)}
}

// value is a setting's effective value and where it came from.
type value struct {
	present  bool
	raw      string
	evidence check.Evidence
	err      error // the value could not be read: not evaluated
}

// resolve finds a setting's effective value the way the component does:
// its command line, then flags its launcher passes, then its environment,
// then its config file, then its built-in default.
func (c *Component) resolve(st Setting) value {
	ev := check.Evidence{Setting: st.Name(), Detail: c.Source}
	exclusive := c.ConfigExclusive && (c.Config != nil || c.ConfigErr != nil)
	if c.FlagsHidden != "" {
		if st.Key == "" && st.Env == "" {
			return value{err: fmt.Errorf("%s is a command-line flag and %s", st.Name(), c.FlagsHidden), evidence: ev}
		}
		if st.Key != "" { // the config is all there is: name its key, not a flag nobody saw
			ev.Setting = st.Key
		}
	}
	if st.Flag != "" && !exclusive {
		if v, ok := flagValue(c.Flags, st); ok {
			ev.Source, ev.Value = "flag", v
			return value{present: true, raw: v, evidence: ev}
		}
		if v, ok := flagValue(c.Builtin, st); ok {
			ev.Source, ev.Value, ev.Detail = "builtin", v, c.BuiltinSource
			return value{present: true, raw: v, evidence: ev}
		}
	}
	if st.Env != "" && !exclusive {
		if c.EnvErr != nil && c.Env == nil {
			return value{err: fmt.Errorf("%s not on the command line and the environment is unreadable: %v", st.Name(), c.EnvErr), evidence: ev}
		}
		if v, ok := c.Env[st.Env]; ok {
			ev.Source, ev.Setting, ev.Value = "env", st.Env, v
			return value{present: true, raw: v, evidence: ev}
		}
	}
	if st.Key != "" {
		if c.ConfigErr != nil {
			return value{err: fmt.Errorf("%s not on the command line and the config file is unreadable: %v", st.Name(), c.ConfigErr), evidence: ev}
		}
		if c.Config != nil {
			vals, file, ok, err := c.Config.Lookup(st.Key)
			if err != nil {
				return value{err: err, evidence: ev}
			}
			if ok {
				v := valueString(vals)
				if v != "" { // an empty string means "use the default" in component configs
					ev.Source, ev.Setting, ev.Value, ev.File, ev.Detail = "config", st.Key, v, file, ""
					return value{present: true, raw: v, evidence: ev}
				}
			}
		}
	}
	def := st.Default
	if c.Config == nil && c.ConfigPath == "" && st.DefaultWithoutConfig != "" {
		def = st.DefaultWithoutConfig
	}
	if def != "" {
		ev.Source, ev.Value = "default", def
		return value{present: true, raw: def, evidence: ev}
	}
	ev.Source = "absent"
	return value{evidence: ev}
}

// flagValue reads a flag, or one entry of a map-valued flag such as
// --feature-gates=A=true,B=false.
func flagValue(f node.Flags, st Setting) (string, bool) {
	fl, ok := f.Lookup(st.Flag)
	if !ok {
		return "", false
	}
	if st.MapKey == "" {
		return fl.Value, true
	}
	// Every occurrence counts, the last one winning per key.
	found, v := false, ""
	for _, all := range f.All(st.Flag) {
		for _, kv := range strings.Split(all, ",") {
			k, val, _ := strings.Cut(kv, "=")
			if strings.TrimSpace(k) == st.MapKey {
				found, v = true, strings.TrimSpace(val)
			}
		}
	}
	return v, found
}

// valueString renders config values for comparison: scalars as written,
// lists comma-joined, objects as their sorted keys (an encryption
// provider entry {aescbc: {...}} reads as "aescbc").
func valueString(vals []any) string {
	var parts []string
	for _, v := range vals {
		switch t := v.(type) {
		case nil:
		case []any:
			parts = append(parts, valueString(t))
		case map[string]any:
			keys := make([]string, 0, len(t))
			for k := range t {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			parts = append(parts, keys...)
		case string:
			parts = append(parts, t)
		case float64:
			parts = append(parts, strconv.FormatFloat(t, 'f', -1, 64))
		default:
			parts = append(parts, fmt.Sprint(t))
		}
	}
	return strings.Join(slices.DeleteFunc(parts, func(s string) bool { return s == "" }), ",")
}
