package bench

import (
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/kubeward/kubeward/internal/node"
)

// Discover finds the benchmark's components on a node: each one's process
// (or the launcher that runs it in-process, or failing both its static pod
// manifest), its flags, environment and config file.
func Discover(b *Benchmark, snap *node.Snapshot) *Environment {
	env := &Environment{Node: nodeName(snap), Components: map[string]*Component{}, Files: snap}
	procs, err := snap.Processes()
	if err != nil {
		// No /proc (no hostPID, or a --root without it): components can
		// still be found from their static pod manifests.
		env.Notes = append(env.Notes, fmt.Sprintf("cannot list processes (%v); components were looked for in static pod manifests only", err))
	} else if len(procs) == 0 {
		env.Notes = append(env.Notes, "no process is visible under "+path.Join(snap.Root(), "proc")+" (run with hostPID); components were looked for in static pod manifests only")
	}
	names := make([]string, 0, len(b.Components))
	for n := range b.Components {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, name := range names {
		if c := discoverComponent(name, b.Components[name], snap, procs); c != nil {
			env.Components[name] = c
		}
	}
	return env
}

func discoverComponent(name string, spec *ComponentSpec, snap *node.Snapshot, procs []node.Process) *Component {
	var c *Component
	if p, args, ok := findProcess(procs, spec.Processes); ok {
		c = &Component{Name: name, PID: p.PID, Flags: node.ParseFlags(args),
			Source: fmt.Sprintf("command line of process %d (%s)", p.PID, p.Name())}
	} else if e := spec.Embedded; e != nil {
		c = embeddedComponent(name, e, snap, procs)
	}
	var manifest *node.StaticPod
	if spec.Manifest != "" {
		if b, err := snap.ReadFile(spec.Manifest); err == nil {
			if pod, err := node.ParseStaticPod(b); err == nil {
				manifest = &pod
			} else {
				slog.Warn("static pod manifest unreadable", "file", spec.Manifest, "error", err)
			}
		}
	}
	if c == nil && manifest != nil {
		// The process is not visible (no hostPID): what the kubelet is told
		// to run is the next best evidence.
		c = NewComponent(name, "static pod manifest "+spec.Manifest, manifest.Argv)
	}
	if c == nil {
		return nil
	}
	if manifest != nil {
		if _, tag, ok := strings.Cut(path.Base(manifest.Image), ":"); ok {
			c.Version = tag
		}
	}
	if spec.Env && c.PID > 0 {
		c.Env, c.EnvErr = snap.Environ(c.PID)
	}
	if cs := spec.Config; cs != nil {
		loadComponentConfig(c, cs, snap)
	}
	return c
}

// findProcess finds the first process matching one of the patterns
// ("kube-apiserver", "hyperkube apiserver") and returns its arguments
// after the executable and subcommand.
func findProcess(procs []node.Process, patterns []string) (node.Process, []string, bool) {
	for _, pat := range patterns {
		words := strings.Fields(pat)
		for _, p := range procs {
			if len(p.Argv) < len(words) || p.Name() != words[0] {
				continue
			}
			if slices.Equal(p.Argv[1:len(words)], words[1:]) {
				return p, p.Argv[len(words):], true
			}
		}
	}
	return node.Process{}, nil, false
}

// embeddedComponent builds a component that a launcher such as "k3s
// server" runs in-process: its flags are the launcher's ArgFlag values,
// over the flags the launcher passes itself.
func embeddedComponent(name string, e *EmbeddedSpec, snap *node.Snapshot, procs []node.Process) *Component {
	p, args, ok := findProcess(procs, e.Processes)
	if !ok {
		return nil
	}
	if e.Requires != "" {
		if ok, _ := snap.Exists(e.Requires); !ok {
			return nil
		}
	}
	launcher := launcherFlags(args, e.ConfigFile, snap)
	var own []string
	for _, v := range launcher.All(e.ArgFlag) {
		own = append(own, "--"+strings.TrimPrefix(v, "--"))
	}
	builtin := slices.Clone(e.Builtin)
	for _, w := range e.When {
		if f, ok := launcher.Lookup(w.Flag); ok && equalValues(f.Value, w.Value) {
			builtin = append(builtin, w.Args...)
		}
	}
	launcherName := strings.TrimSpace(p.Name() + " " + strings.Join(p.Argv[1:len(p.Argv)-len(args)], " "))
	from := fmt.Sprintf("process %d", p.PID)
	if e.ConfigFile != "" {
		from += " and " + e.ConfigFile
	}
	return &Component{
		Name: name, PID: p.PID, Flags: node.ParseFlags(own),
		Source:  fmt.Sprintf("--%s of %s (%s)", strings.TrimPrefix(e.ArgFlag, "--"), launcherName, from),
		Builtin: node.ParseFlags(builtin), BuiltinSource: launcherName + " itself",
	}
}

// launcherFlags merges a launcher's config file (keys are its flag names;
// lists repeat the flag) with its command line, which comes last and so
// wins. K3s and RKE2 hide their arguments from /proc, so the config file is
// usually where they are.
func launcherFlags(args []string, configFile string, snap *node.Snapshot) node.Flags {
	var all []string
	if configFile != "" {
		if b, err := snap.ReadFile(configFile); err == nil {
			if m, err := node.ParseConfig(b); err == nil {
				keys := make([]string, 0, len(m))
				for k := range m {
					keys = append(keys, k)
				}
				slices.Sort(keys)
				for _, k := range keys {
					vals, _ := m[k].([]any)
					if vals == nil {
						vals = []any{m[k]}
					}
					for _, v := range vals {
						all = append(all, "--"+k+"="+valueString([]any{v}))
					}
				}
			} else {
				slog.Warn("launcher config file unreadable", "file", configFile, "error", err)
			}
		}
	}
	return node.ParseFlags(append(all, args...))
}

// loadComponentConfig finds and reads the component's config file and
// drop-in directory.
func loadComponentConfig(c *Component, cs *ConfigSpec, snap *node.Snapshot) {
	main := cs.Path
	if cs.Flag != "" {
		if v, ok := flagValue(c.Flags, Setting{Flag: cs.Flag}); ok {
			main = v
		} else if v, ok := flagValue(c.Builtin, Setting{Flag: cs.Flag}); ok {
			main = v
		}
	}
	dropIns := ""
	if cs.DropInFlag != "" {
		if v, ok := flagValue(c.Flags, Setting{Flag: cs.DropInFlag}); ok {
			dropIns = v
		} else if v, ok := flagValue(c.Builtin, Setting{Flag: cs.DropInFlag}); ok {
			dropIns = v
		}
	}
	if main == "" && dropIns == "" {
		return
	}
	c.ConfigPath = main
	if main == "" {
		c.ConfigPath = dropIns
	}
	cfg, err := snap.LoadConfig(main, dropIns)
	if err != nil && errors.Is(err, fs.ErrNotExist) && c.PID > 0 {
		// A containerised component (kube-proxy from a DaemonSet) names a
		// path inside its own mount namespace.
		root := path.Join("/proc", strconv.Itoa(c.PID), "root")
		if cfg2, err2 := snap.LoadConfig(joinIf(root, main), joinIf(root, dropIns)); err2 == nil {
			cfg, err = cfg2, nil
		}
	}
	c.Config, c.ConfigErr = cfg, err
	c.ConfigExclusive = cs.Exclusive
}

func joinIf(root, p string) string {
	if p == "" {
		return ""
	}
	return path.Join(root, p)
}

// nodeName reads the node's host name from its own files.
func nodeName(snap *node.Snapshot) string {
	for _, p := range []string{"/etc/hostname", "/proc/sys/kernel/hostname"} {
		if b, err := snap.ReadFile(p); err == nil {
			if n := strings.TrimSpace(string(b)); n != "" {
				return n
			}
		}
	}
	return "node"
}

// Detection is what picks a benchmark: a distribution launcher and the
// Kubernetes version seen on the node.
type Detection struct {
	Distribution string // "k3s", "rke2" or ""
	Version      string // e.g. "v1.33.2"; empty when not found
	Source       string // where the version was read
}

// Detect looks for K3s or RKE2 launchers and for the Kubernetes version in
// the API server's (or another control-plane component's) static pod
// manifest at the places any shipped benchmark knows.
func Detect(snap *node.Snapshot) Detection {
	var d Detection
	procs, _ := snap.Processes()
	for _, p := range procs {
		if (p.Name() == "k3s" || p.Name() == "rke2") && len(p.Argv) > 1 && (p.Argv[1] == "server" || p.Argv[1] == "agent") {
			d.Distribution = p.Name()
			break
		}
	}
	seen := map[string]bool{}
	for _, n := range Names() {
		b, err := Load(n)
		if err != nil {
			continue
		}
		for _, comp := range []string{"kube-apiserver", "kube-controller-manager", "kube-scheduler"} {
			spec := b.Components[comp]
			if spec == nil || spec.Manifest == "" || seen[spec.Manifest] {
				continue
			}
			seen[spec.Manifest] = true
			data, err := snap.ReadFile(spec.Manifest)
			if err != nil {
				continue
			}
			pod, err := node.ParseStaticPod(data)
			if err != nil {
				continue
			}
			if _, tag, ok := strings.Cut(path.Base(pod.Image), ":"); ok && MinorOf(tag) != "" {
				d.Version, d.Source = tag, spec.Manifest
				return d
			}
		}
	}
	return d
}
