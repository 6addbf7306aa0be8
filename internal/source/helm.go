package source

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"helm.sh/helm/v3/pkg/chart"
	"helm.sh/helm/v3/pkg/chart/loader"
	"helm.sh/helm/v3/pkg/chartutil"
	"helm.sh/helm/v3/pkg/engine"
	"helm.sh/helm/v3/pkg/strvals"
)

// Defaults used when HelmOptions leaves a field empty; they match the scan
// command's flag defaults so library callers render the same way.
const (
	defaultReleaseName = "release"
	defaultNamespace   = "default"
)

// renderChart renders the chart in dir the way `helm template` does, without
// a cluster: chart values, then each values file in order, then each --set,
// coalesced over the chart and its subcharts; Capabilities are Helm's
// defaults and `lookup` returns an empty result.
//
// It returns one renderedFile per rendered template, sorted by name. The name
// is the template file as the user sees it (dir joined with the template's
// path in the chart, e.g. examples/chart/templates/deployment.yaml or
// examples/chart/charts/sub/templates/x.yaml), while the text is that
// template's rendered output: a finding's line is a line of the rendered
// output, not of the template source, because only the rendered output is
// Kubernetes YAML. Per-template output also makes Helm's `# Source:` comments
// unnecessary.
//
// Helm's engine stops at the first template that fails and returns no
// output, so a failing template yields one error for the whole chart, naming
// the template and Helm's message.
func renderChart(dir string, o HelmOptions) ([]renderedFile, error) {
	user, err := userValues(o)
	if err != nil {
		return nil, err
	}
	chrt, err := loader.LoadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("load chart: %w", err)
	}
	if err := checkDependencies(chrt); err != nil {
		return nil, err
	}
	// Record where each template lives before dependency processing: aliases
	// rename subcharts, but their template files stay the same values.
	files := map[*chart.File]string{}
	mapTemplates(chrt, dir, files)

	if err := chartutil.ProcessDependenciesWithMerge(chrt, user); err != nil {
		return nil, fmt.Errorf("process dependencies: %w", err)
	}
	release := chartutil.ReleaseOptions{
		Name:      cmpOr(o.ReleaseName, defaultReleaseName),
		Namespace: cmpOr(o.Namespace, defaultNamespace),
		Revision:  1,
		IsInstall: true,
	}
	vals, err := chartutil.ToRenderValues(chrt, user, release, chartutil.DefaultCapabilities.Copy())
	if err != nil {
		return nil, fmt.Errorf("values: %w", err)
	}
	// The zero Engine has no client: lookup answers with an empty map and
	// DNS lookups are off, so rendering never leaves the machine.
	out, err := engine.Engine{}.Render(chrt, vals)
	if err != nil {
		return nil, renderError(err, templateNames(chrt, files, dir))
	}

	// Sorting by name, then by the engine's key, keeps the order stable
	// when a subchart used under two aliases renders one file twice.
	keys := make([]string, 0, len(out))
	for key, text := range out {
		if strings.HasSuffix(key, "NOTES.txt") || strings.HasPrefix(path.Base(key), "_") || strings.TrimSpace(text) == "" {
			continue
		}
		keys = append(keys, key)
	}
	names := templateNames(chrt, files, dir)
	for _, key := range keys {
		if _, ok := names[key]; !ok {
			// Not seen while loading (never expected): the key without
			// the root chart's name is still the path inside dir.
			_, rel, _ := strings.Cut(key, "/")
			names[key] = filepath.Join(dir, filepath.FromSlash(rel))
		}
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := names[keys[i]], names[keys[j]]
		return a < b || a == b && keys[i] < keys[j]
	})
	rendered := make([]renderedFile, 0, len(keys))
	for _, key := range keys {
		rendered = append(rendered, renderedFile{name: names[key], data: []byte(out[key])})
	}
	return rendered, nil
}

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// userValues merges the values files and --set overrides in the order
// `helm template` applies them: later files over earlier ones, --set last.
func userValues(o HelmOptions) (map[string]any, error) {
	base := map[string]any{}
	for _, f := range o.ValuesFiles {
		if f == "-" {
			return nil, fmt.Errorf("values file %q: reading values from stdin is not supported, name a file", f)
		}
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("values file %q: %s", f, describeOpenError(err))
		}
		v, err := chartutil.ReadValues(data)
		if err != nil {
			return nil, fmt.Errorf("values file %q: %w", f, err)
		}
		// MergeTables keeps its first argument's entries, so the newer
		// file goes first and the accumulated values fill the gaps.
		base = chartutil.MergeTables(v.AsMap(), base)
	}
	for _, s := range o.Set {
		if err := strvals.ParseInto(s, base); err != nil {
			return nil, fmt.Errorf("--set %q: %w", s, err)
		}
	}
	return base, nil
}

// checkDependencies refuses a chart whose Chart.yaml lists a dependency that
// is not in its charts/ directory, as `helm template` does: rendering without
// it would silently scan less than gets deployed.
func checkDependencies(c *chart.Chart) error {
	var missing []string
	for _, d := range c.Metadata.Dependencies {
		found := false
		for _, sub := range c.Dependencies() {
			if sub.Name() == d.Name {
				found = true
				break
			}
		}
		if !found {
			missing = append(missing, d.Name)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("dependencies listed in Chart.yaml are missing from charts/ (run helm dependency build): %s", strings.Join(missing, ", "))
	}
	for _, sub := range c.Dependencies() {
		if err := checkDependencies(sub); err != nil {
			return err
		}
	}
	return nil
}

// mapTemplates records the on-disk path of every template of c and its
// subcharts, c being loaded from dir.
func mapTemplates(c *chart.Chart, dir string, into map[*chart.File]string) {
	for _, t := range c.Templates {
		into[t] = filepath.Join(dir, filepath.FromSlash(t.Name))
	}
	for _, sub := range c.Dependencies() {
		mapTemplates(sub, subchartDir(dir, sub), into)
	}
}

// subchartDir finds where sub was loaded from inside dir/charts: the
// directory whose Chart.yaml has its name and version, or its archive,
// named name-version.tgz by `helm dependency build`. Inside an archive the
// chart's files sit under a directory named after the chart, so that is
// appended. Anything else falls back to charts/<name>.
func subchartDir(dir string, sub *chart.Chart) string {
	charts := filepath.Join(dir, "charts")
	entries, _ := os.ReadDir(charts)
	for _, e := range entries {
		p := filepath.Join(charts, e.Name())
		if e.IsDir() {
			md, err := chartutil.LoadChartfile(filepath.Join(p, "Chart.yaml"))
			if err == nil && md.Name == sub.Metadata.Name && md.Version == sub.Metadata.Version {
				return p
			}
			continue
		}
		if e.Name() == sub.Metadata.Name+"-"+sub.Metadata.Version+".tgz" {
			return filepath.Join(p, sub.Metadata.Name)
		}
	}
	return filepath.Join(charts, sub.Metadata.Name)
}

// templateNames maps the engine's template keys (chart path inside the
// release, e.g. app/charts/db/templates/x.yaml) to file names.
func templateNames(c *chart.Chart, files map[*chart.File]string, dir string) map[string]string {
	names := map[string]string{}
	var walk func(*chart.Chart)
	walk = func(c *chart.Chart) {
		for _, t := range c.Templates {
			if p, ok := files[t]; ok {
				names[path.Join(c.ChartFullPath(), t.Name)] = p
			}
		}
		for _, sub := range c.Dependencies() {
			walk(sub)
		}
	}
	walk(c)
	return names
}

// renderError names the failing template by its file and keeps Helm's
// message, which says where in the template and why.
func renderError(err error, names map[string]string) error {
	msg := err.Error()
	// Helm's messages carry template keys as "(key:line:col)" or "(key)".
	// The first one is the template being rendered; later ones are the
	// partials it included.
	best, at := "", len(msg)
	for key := range names {
		for _, form := range []string{"(" + key + ":", "(" + key + ")"} {
			if i := strings.Index(msg, form); i >= 0 && (i < at || i == at && len(key) > len(best)) {
				best, at = key, i
			}
		}
	}
	if best == "" {
		return fmt.Errorf("render chart: %w", err)
	}
	return fmt.Errorf("render template %s: %w", names[best], err)
}
