package bench

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strconv"
	"strings"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/node"
)

// Evaluate runs one check in an environment.
func Evaluate(c *Check, env *Environment) Result {
	if c.NotApplicable != "" {
		return Result{Check: c, Status: NotEvaluated, Reason: "not applicable: " + c.NotApplicable}
	}
	switch c.Kind {
	case KindManual:
		return Result{Check: c, Status: Warn, Manual: true, Reason: "manual: review this recommendation by hand"}
	case KindAPI:
		if env.API == nil {
			return Result{Check: c, Status: NotEvaluated,
				Reason: "needs the Kubernetes API (" + c.Query + "); node mode reads no cluster, kubeward bench --cluster does"}
		}
		return env.API.EvaluateAPI(c)
	case KindFileMode, KindFileOwner:
		return evaluateFiles(c, env)
	}
	comp := env.Components[c.Component]
	if comp == nil && env.Remote != "" {
		return Result{Check: c, Status: NotEvaluated, Reason: fmt.Sprintf(
			"%s sees no %s command line or config; run kubeward bench on the node (deploy/bench)", env.Remote, c.Component)}
	}
	if comp == nil {
		return Result{Check: c, Status: NotEvaluated, Reason: c.Component + " is not running on this node"}
	}
	return EvaluateSettings(c, comp, env.Files)
}

// EvaluateComponent evaluates every flag and config check of a benchmark
// that concerns comp: the entry point for code that has a component's
// command line but no node (config files named by flags are then read
// through files when not nil).
func EvaluateComponent(b *Benchmark, comp *Component, files Files) []Result {
	var out []Result
	for _, c := range b.Checks() {
		if c.Component == comp.Name && (c.Kind == KindFlag || c.Kind == KindConfig) && c.NotApplicable == "" {
			out = append(out, EvaluateSettings(c, comp, files))
		}
	}
	return out
}

// EvaluateSettings evaluates a flag or config check on one component.
func EvaluateSettings(c *Check, comp *Component, files Files) Result {
	r := Result{Check: c}
	src := comp
	if c.ConfigFile != nil {
		var res *Result
		src, res = configFileComponent(c, comp, files)
		if res != nil {
			return *res
		}
	}
	var fails, unknown, passes []string
	for _, st := range c.Settings {
		v := src.resolve(st)
		r.Evidence = append(r.Evidence, v.evidence)
		switch {
		case v.err != nil:
			unknown = append(unknown, v.err.Error())
		case !v.present:
			name := v.evidence.Setting // the flag, or the key when only a config is known
			switch {
			case c.Op == OpNotSet:
				passes = append(passes, name+" is not set")
			case c.PassIfAbsent:
				passes = append(passes, name+" is not set, which passes")
			default:
				fails = append(fails, name+" is not set")
			}
		default:
			ok, why := compare(c.Op, v.raw, c.Value)
			name := v.evidence.Setting // the key or variable the value came from
			desc := fmt.Sprintf("%s %s (%s)", name, why, sourceOf(v.evidence))
			if ok {
				desc = fmt.Sprintf("%s is %q (%s)", name, v.raw, sourceOf(v.evidence))
				passes = append(passes, desc)
			} else {
				fails = append(fails, desc)
			}
		}
	}
	return conclude(r, fails, unknown, passes)
}

// conclude turns per-setting or per-file verdicts into the result: a
// definite failure fails, anything unknown otherwise makes the check not
// evaluated, and only a full set of passes passes.
func conclude(r Result, fails, unknown, passes []string) Result {
	switch {
	case len(fails) > 0:
		r.Status, r.Reason = Fail, strings.Join(fails, "; ")
		if !r.Check.Automated {
			r.Status = Warn
		}
	case len(unknown) > 0:
		r.Status, r.Reason = NotEvaluated, strings.Join(unknown, "; ")
	default:
		r.Status, r.Reason = Pass, strings.Join(passes, "; ")
	}
	return r
}

// sourceOf describes where a value came from, for messages.
func sourceOf(ev check.Evidence) string {
	switch ev.Source {
	case "flag":
		return ev.Detail
	case "builtin":
		return "set by " + ev.Detail
	case "env":
		return "environment of " + ev.Detail
	case "config":
		return ev.File
	case "default":
		return "default"
	}
	return ev.Source
}

// configFileComponent reads a config file named by a flag of comp (the
// API server's --encryption-provider-config) into a component whose
// config is that file. A result is returned when there is nothing to
// evaluate.
func configFileComponent(c *Check, comp *Component, files Files) (*Component, *Result) {
	v := comp.resolve(*c.ConfigFile)
	ev := v.evidence
	switch {
	case v.err != nil:
		return nil, &Result{Check: c, Status: NotEvaluated, Reason: v.err.Error(), Evidence: []check.Evidence{ev}}
	case !v.present:
		r := conclude(Result{Check: c, Evidence: []check.Evidence{ev}}, []string{c.ConfigFile.Name() + " is not set, so there is no file to check"}, nil, nil)
		return nil, &r
	case files == nil:
		return nil, &Result{Check: c, Status: NotEvaluated, Evidence: []check.Evidence{ev},
			Reason: fmt.Sprintf("%s names %s, which cannot be read from here", c.ConfigFile.Name(), v.raw)}
	}
	p := v.raw
	b, err := readComponentFile(files, comp.PID, p)
	if err != nil {
		return nil, &Result{Check: c, Status: NotEvaluated, Evidence: []check.Evidence{ev}, Reason: err.Error()}
	}
	data, err := node.ParseConfig(b)
	if err != nil {
		return nil, &Result{Check: c, Status: NotEvaluated, Evidence: []check.Evidence{ev}, Reason: fmt.Sprintf("%s: %v", p, err)}
	}
	cfg := &node.Config{Data: data}
	return &Component{Name: comp.Name, Source: p, Config: cfg.WithFile(p), ConfigPath: p}, nil
}

// readComponentFile reads a path a component names. A containerised
// component sees its own mount namespace: a path missing on the host is
// tried under /proc/PID/root.
func readComponentFile(files Files, pid int, p string) ([]byte, error) {
	b, err := files.ReadFile(p)
	if err != nil && errors.Is(err, fs.ErrNotExist) && pid > 0 {
		if b2, err2 := files.ReadFile(path.Join("/proc", strconv.Itoa(pid), "root", p)); err2 == nil {
			return b2, nil
		}
	}
	return b, err
}

// evaluateFiles checks the mode or owner of a check's files.
func evaluateFiles(c *Check, env *Environment) Result {
	r := Result{Check: c}
	if env.Files == nil {
		r.Status, r.Reason = NotEvaluated, "no access to the node's files"
		if env.Remote != "" {
			r.Reason = env.Remote + " reads no files of the node; run kubeward bench on the node (deploy/bench)"
		}
		return r
	}
	paths := c.File.Paths
	if from := c.File.From; from != nil {
		if comp := env.Components[c.Component]; comp != nil {
			v := comp.resolve(*from)
			if v.present {
				paths = []string{v.raw}
				r.Evidence = append(r.Evidence, v.evidence)
			} else if len(paths) == 0 {
				r.Evidence = append(r.Evidence, v.evidence)
				if c.PassIfAbsent {
					r.Status, r.Reason = Pass, from.Name()+" is not set, so there is no file to check"
				} else {
					r.Status, r.Reason = NotEvaluated, from.Name()+" is not set, so there is no file to check"
				}
				return r
			}
		}
	}
	var infos []node.FileInfo
	var unknown []string
	for _, p := range paths {
		if c.File.Walk == "" {
			fi, err := env.Files.Stat(p)
			switch {
			case err == nil:
				infos = append(infos, fi)
			case errors.Is(err, fs.ErrNotExist):
			default:
				unknown = append(unknown, err.Error())
			}
			continue
		}
		err := env.Files.Walk(p, func(fi node.FileInfo, err error) error {
			if err != nil {
				if !errors.Is(err, fs.ErrNotExist) {
					unknown = append(unknown, err.Error())
				}
				return nil
			}
			if c.File.Walk == "files" && fi.IsDir {
				return nil
			}
			if c.File.Match != "" {
				if ok, _ := path.Match(c.File.Match, path.Base(fi.Path)); !ok {
					return nil
				}
			}
			infos = append(infos, fi)
			return nil
		})
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			unknown = append(unknown, err.Error())
		}
	}
	if len(infos) == 0 && len(unknown) == 0 {
		what := strings.Join(paths, ", ")
		if c.File.Match != "" {
			what = c.File.Match + " under " + what
		}
		if c.PassIfAbsent {
			r.Status, r.Reason = Pass, "not present: "+what
		} else {
			r.Status, r.Reason = NotEvaluated, "file not found: "+what
		}
		return r
	}
	var fails, passes []string
	for _, fi := range infos {
		r.Evidence = append(r.Evidence, check.Evidence{Source: "file", File: fi.Path, Mode: fi.ModeString(), Owner: fi.OwnerString()})
		if c.Kind == KindFileMode {
			max, _ := strconv.ParseUint(c.Value, 8, 32)
			if uint64(fi.Mode.Perm())&^max != 0 {
				fails = append(fails, fmt.Sprintf("%s has mode %s, more permissive than %s", fi.Path, fi.ModeString(), c.Value))
			} else {
				passes = append(passes, fmt.Sprintf("%s has mode %s", fi.Path, fi.ModeString()))
			}
			continue
		}
		if fi.OwnerString() != c.Value {
			fails = append(fails, fmt.Sprintf("%s is owned by %s, want %s", fi.Path, fi.OwnerString(), c.Value))
		} else {
			passes = append(passes, fmt.Sprintf("%s is owned by %s", fi.Path, fi.OwnerString()))
		}
	}
	if len(passes) > 3 { // a PKI tree: the evidence lists every file
		passes = []string{fmt.Sprintf("all %d entries comply", len(passes))}
	}
	return conclude(r, fails, unknown, passes)
}
