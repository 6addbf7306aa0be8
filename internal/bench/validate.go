package bench

import (
	"cmp"
	"fmt"
	"path"
	"reflect"
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/node"
)

var checkIDPattern = regexp.MustCompile(`^[0-9]+(\.[0-9]+)+$`)

// decodeCheck decodes and validates one check. For an overlay, patched
// names the fields the overlay set: their lines are in the overlay file;
// problems with other fields are reported at the patch (patchLine).
func (l *loader) decodeCheck(n *yaml.Node, s *Section, patched map[string]bool, patchLine int) *Check {
	at := func(key string) (string, int) {
		if patched == nil || patched[key] {
			return l.file, keyLine(n, key)
		}
		return l.file, patchLine
	}
	if err := strictKeys(n, reflect.TypeOf(fileCheck{}), "check "+cmp.Or(field(n, "id"), &yaml.Node{Value: "?"}).Value); err != nil {
		l.errs = append(l.errs, l.file+":"+strings.TrimPrefix(err.Error(), "line "))
		return nil
	}
	var fc fileCheck
	if err := n.Decode(&fc); err != nil {
		for _, m := range decodeError(err) {
			l.errs = append(l.errs, l.file+":"+strings.TrimPrefix(m, "line "))
		}
		return nil
	}
	c := &Check{
		ID: fc.ID, Title: fc.Title, Section: s, Component: fc.Component, Kind: Kind(fc.Kind),
		Settings: fc.Settings, ConfigFile: fc.ConfigFile, File: fc.File, Op: Operator(fc.Op), Value: fc.Value,
		PassIfAbsent: fc.PassIfAbsent, Remediation: fc.Remediation, Query: fc.Query,
		NotApplicable: fc.NotApplicable, Source: fmt.Sprintf("%s:%d", l.file, n.Line),
	}
	bad := func(key, format string, args ...any) {
		f, line := at(key)
		l.errf(f, line, "check %s: %s", cmp.Or(c.ID, "?"), fmt.Sprintf(format, args...))
	}
	if !checkIDPattern.MatchString(c.ID) || !strings.HasPrefix(c.ID, s.ID+".") {
		bad("id", "ID %q is not a number under section %s", c.ID, s.ID)
	}
	if c.Title == "" {
		bad("title", "title is missing")
	}
	if c.Remediation == "" && c.NotApplicable == "" {
		bad("remediation", "remediation is missing")
	}
	if fc.Automated == nil {
		bad("automated", "automated is missing (true when CIS labels the recommendation Automated)")
	} else {
		c.Automated = *fc.Automated
	}
	sev, err := check.ParseSeverity(fc.Severity)
	if err != nil {
		bad("severity", "%v", err)
	}
	c.Severity = sev
	if !slices.Contains(kinds, c.Kind) {
		bad("kind", "unknown kind %q (want one of %s)", c.Kind, joinKinds())
		return c
	}
	switch c.Kind {
	case KindManual:
		if c.Op != "" {
			bad("op", "a manual check has no operator")
		}
		return c
	case KindAPI:
		if c.Query == "" {
			bad("query", "an api check says what it queries")
		}
		return c
	}
	if c.Component == "" {
		bad("component", "component is missing")
	}
	opKinds, known := operatorKinds[c.Op]
	switch {
	case !known:
		bad("op", "unknown operator %q (want one of %s)", c.Op, strings.Join(operatorNames, ", "))
	case !slices.Contains(opKinds, c.Kind):
		bad("op", "operator %s does not apply to a %s check", c.Op, c.Kind)
	default:
		if err := validateValue(c.Op, c.Value); err != nil {
			bad("value", "%v", err)
		}
	}
	switch c.Kind {
	case KindFlag, KindConfig:
		if len(c.Settings) == 0 {
			bad("settings", "a %s check names at least one setting", c.Kind)
		}
		for _, st := range c.Settings {
			l.validateSetting(c, st, bad)
		}
		if c.Kind == KindFlag && c.ConfigFile != nil {
			bad("configFile", "only a config check reads a config file")
		}
		if c.File != nil {
			bad("file", "only a file check names files")
		}
	case KindFileMode, KindFileOwner:
		if c.File == nil || len(c.File.Paths) == 0 && c.File.From == nil {
			bad("file", "a file check names paths or a setting that holds the path")
			return c
		}
		for _, p := range c.File.Paths {
			if !strings.HasPrefix(p, "/") {
				bad("file", "path %q is not absolute", p)
			}
		}
		if c.File.From != nil {
			l.validateSetting(c, *c.File.From, bad)
		}
		if c.File.Walk != "" && c.File.Walk != "files" && c.File.Walk != "all" {
			bad("file", "walk is %q (want files or all)", c.File.Walk)
		}
		if _, err := path.Match(c.File.Match, "x"); err != nil {
			bad("file", "match %q: %v", c.File.Match, err)
		}
		if len(c.Settings) > 0 {
			bad("settings", "a file check has no settings")
		}
	}
	return c
}

func (l *loader) validateSetting(c *Check, st Setting, bad func(key, format string, args ...any)) {
	if st.Flag == "" && st.Key == "" && st.Env == "" {
		bad("settings", "a setting names a flag, a key or an env variable")
	}
	if st.Flag != "" && !strings.HasPrefix(st.Flag, "--") {
		bad("settings", "flag %q must start with --", st.Flag)
	}
	if st.Key != "" {
		if c.Kind == KindFlag {
			bad("settings", "key %s: a flag check has no config keys (use kind config)", st.Key)
		}
		if err := node.ValidKeyPath(st.Key); err != nil {
			bad("settings", "%v", err)
		}
	}
}

func joinKinds() string {
	s := make([]string, len(kinds))
	for i, k := range kinds {
		s[i] = string(k)
	}
	return strings.Join(s, ", ")
}
