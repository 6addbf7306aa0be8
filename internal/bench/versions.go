package bench

import (
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// versionsFile maps Kubernetes minors to generic CIS benchmarks.
const versionsFile = "versions"

// versionMap is benchmarks/versions.yaml: which generic benchmark covers
// which Kubernetes minor, including benchmarks kubeward does not ship.
type versionMap struct {
	Generic []struct {
		Benchmark string   `yaml:"benchmark"`
		Minors    []string `yaml:"minors"`
	} `yaml:"generic"`
}

// Selection is the benchmark chosen for a node and why.
type Selection struct {
	Name   string
	Reason string
}

// Select picks the benchmark for a node: a distribution's overlay when its
// launcher runs (distribution is "k3s" or "rke2"), else the generic
// benchmark mapped to the Kubernetes minor (e.g. "1.33"). A minor with no
// mapping takes the next lower one that has one; a mapped benchmark that
// kubeward does not ship falls back to the newest it does, said in Reason.
func Select(distribution, minor string) (Selection, error) {
	names := Names()
	newest := ""
	for _, n := range names {
		b, err := Load(n)
		if err != nil {
			return Selection{}, err
		}
		if distribution != "" && b.Distribution == distribution {
			return Selection{n, fmt.Sprintf("%s processes found", distribution)}, nil
		}
		if b.Distribution == "" && b.Base == "" && (newest == "" || versionLess(newest, n)) {
			newest = n
		}
	}
	if distribution != "" {
		return Selection{newest, fmt.Sprintf("no %s benchmark shipped; using the generic %s", distribution, newest)}, nil
	}
	if minor == "" {
		return Selection{newest, "Kubernetes version not found on the node; using the newest benchmark " + newest}, nil
	}
	vm, err := loadVersions()
	if err != nil {
		return Selection{}, err
	}
	for m := minor; m != ""; m = previousMinor(m) {
		for _, g := range vm.Generic {
			if !slices.Contains(g.Minors, m) {
				continue
			}
			if slices.Contains(names, g.Benchmark) {
				return Selection{g.Benchmark, fmt.Sprintf("Kubernetes %s maps to %s", minor, g.Benchmark)}, nil
			}
			return Selection{newest, fmt.Sprintf("Kubernetes %s maps to %s, which kubeward does not ship; using %s", minor, g.Benchmark, newest)}, nil
		}
	}
	return Selection{newest, fmt.Sprintf("no benchmark is mapped to Kubernetes %s; using %s", minor, newest)}, nil
}

func loadVersions() (*versionMap, error) {
	b, err := fs.ReadFile(embedded, path.Join(Dir, versionsFile+".yaml"))
	if err != nil {
		return nil, err
	}
	var vm versionMap
	if err := yaml.Unmarshal(b, &vm); err != nil {
		return nil, fmt.Errorf("%s/%s.yaml: %w", Dir, versionsFile, err)
	}
	return &vm, nil
}

// previousMinor turns "1.36" into "1.35"; "1.0" and malformed input end the walk.
func previousMinor(m string) string {
	major, minor, ok := strings.Cut(m, ".")
	n, err := strconv.Atoi(minor)
	if !ok || err != nil || n <= 0 || n > 1000 {
		return ""
	}
	return major + "." + strconv.Itoa(n-1)
}

// versionLess orders cis-1.9 before cis-1.12.
func versionLess(a, b string) bool {
	na, nb := numbers(a), numbers(b)
	return slices.Compare(na, nb) < 0
}

func numbers(s string) []int {
	var out []int
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r < '0' || r > '9' }) {
		n, _ := strconv.Atoi(f)
		out = append(out, n)
	}
	return out
}

// MinorOf reads the Kubernetes minor from a version or image tag:
// "v1.33.2" and "registry.k8s.io/kube-apiserver:v1.33.2" give "1.33".
func MinorOf(s string) string {
	if i := strings.LastIndex(s, ":"); i >= 0 && !strings.Contains(s[i:], "/") {
		s = s[i+1:]
	}
	s = strings.TrimPrefix(s, "v")
	parts := strings.SplitN(s, ".", 3)
	if len(parts) < 2 {
		return ""
	}
	if _, err := strconv.Atoi(parts[0]); err != nil {
		return ""
	}
	minor := parts[1]
	if _, err := strconv.Atoi(minor); err != nil {
		return ""
	}
	return parts[0] + "." + minor
}
