// Package compliance reads a run through a compliance framework: which
// controls the checks cover, and for each control whether the scanned
// objects pass it, fail it, or could not be judged.
package compliance

import (
	"bufio"
	"embed"
	"fmt"
	"slices"
	"strings"

	"github.com/kubeward/kubeward/internal/check"
)

// The frameworks `kubeward scan --framework` accepts.
const (
	CIS           = "cis"
	NSA           = "nsa"
	PSSBaseline   = "pss-baseline"
	PSSRestricted = "pss-restricted"
	MITRE         = "mitre"
)

// Frameworks lists the framework names in the order reports show them.
var Frameworks = []string{CIS, NSA, PSSBaseline, PSSRestricted, MITRE}

var titles = map[string]string{
	CIS:           "CIS Kubernetes Benchmark, section 5 (policies)",
	NSA:           "NSA/CISA Kubernetes Hardening Guidance",
	PSSBaseline:   "Pod Security Standards, baseline",
	PSSRestricted: "Pod Security Standards, restricted",
	MITRE:         "MITRE ATT&CK techniques",
}

// Title names a framework for people.
func Title(framework string) string { return titles[framework] }

// Control is one requirement of a framework and the checks covering it.
type Control struct {
	ID     string
	Title  string
	Checks []*check.Meta // every known check that maps to it
}

//go:embed data/*.tsv
var data embed.FS

// CISTitles and MITRENames are the embedded catalogs by ID; CISOrder is
// the benchmark's order.
var (
	cisOrder, cisTitles = mustTable("data/cis.tsv")
	_, mitreNames       = mustTable("data/mitre.tsv")
)

// nsaOrder is the order of the sections in the guidance; a test keeps it
// equal to the keys of check.NSAControls.
var nsaOrder = []string{
	"non-root", "immutable-filesystems", "secure-images", "pod-security", "service-account-tokens",
	"container-hardening", "namespaces", "network-policies", "resource-policies", "control-plane",
	"secrets", "authentication", "rbac", "audit-logging", "upgrading",
}

// mustTable reads "ID<tab>title" lines; # starts a comment. A malformed
// embedded table is a programming error, caught by every test.
func mustTable(name string) ([]string, map[string]string) {
	f, err := data.Open(name)
	if err != nil {
		panic(err)
	}
	defer f.Close()
	var order []string
	titles := map[string]string{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		id, title, ok := strings.Cut(line, "\t")
		if !ok || id == "" || title == "" || titles[id] != "" {
			panic(fmt.Sprintf("%s:%d: want a new ID, a tab and a title", name, n))
		}
		order = append(order, id)
		titles[id] = title
	}
	return order, titles
}

// TechniqueName is the ATT&CK name of a technique ID, "" when unknown.
func TechniqueName(id string) string { return mitreNames[id] }

// ControlTitle is the title of a control of a check framework (cis, nsa,
// pss, mitre as in check.Control), "" when unknown.
func ControlTitle(framework, id string) string {
	switch framework {
	case check.FrameworkCIS:
		return cisTitles[id]
	case check.FrameworkNSA:
		return check.NSAControls[id]
	case check.FrameworkMITRE:
		return mitreNames[id]
	}
	return ""
}

// ParseFrameworks reads --framework values: each may list several names
// separated by commas. Duplicates are dropped; the result is in Frameworks
// order.
func ParseFrameworks(values []string) ([]string, error) {
	want := map[string]bool{}
	for _, v := range values {
		for _, name := range strings.Split(v, ",") {
			name = strings.ToLower(strings.TrimSpace(name))
			if name == "" {
				continue
			}
			if !slices.Contains(Frameworks, name) {
				return nil, fmt.Errorf("unknown framework %q (want one of %s)", name, strings.Join(Frameworks, ", "))
			}
			want[name] = true
		}
	}
	var out []string
	for _, f := range Frameworks {
		if want[f] {
			out = append(out, f)
		}
	}
	return out, nil
}

// Controls lists a framework's controls with the checks, among all, that
// cover each. CIS and NSA controls come from their catalogs, so controls
// no check covers are listed too; a PSS level's controls are its checks
// (one check per control of the standard); MITRE's are the techniques the
// checks map to.
func Controls(framework string, all []*check.Meta) ([]Control, error) {
	switch framework {
	case CIS:
		return catalogControls(cisOrder, cisTitles, check.FrameworkCIS, all), nil
	case NSA:
		return catalogControls(nsaOrder, check.NSAControls, check.FrameworkNSA, all), nil
	case PSSBaseline, PSSRestricted:
		var out []Control
		for _, m := range all {
			level := levelOf(m)
			if level == "baseline" || (level == "restricted" && framework == PSSRestricted) {
				out = append(out, Control{ID: m.ID, Title: m.Title, Checks: []*check.Meta{m}})
			}
		}
		return out, nil
	case MITRE:
		var ids []string
		for _, m := range all {
			for _, c := range m.Controls {
				if c.Framework == check.FrameworkMITRE && !slices.Contains(ids, c.ID) {
					ids = append(ids, c.ID)
				}
			}
		}
		slices.Sort(ids)
		return catalogControls(ids, mitreNames, check.FrameworkMITRE, all), nil
	}
	return nil, fmt.Errorf("unknown framework %q (want one of %s)", framework, strings.Join(Frameworks, ", "))
}

func catalogControls(order []string, titles map[string]string, framework string, all []*check.Meta) []Control {
	out := make([]Control, len(order))
	for i, id := range order {
		out[i] = Control{ID: id, Title: titles[id]}
		for _, m := range all {
			if slices.Contains(m.Controls, check.Control{Framework: framework, ID: id}) {
				out[i].Checks = append(out[i].Checks, m)
			}
		}
	}
	return out
}

func levelOf(m *check.Meta) string {
	for _, c := range m.Controls {
		if c.Framework == check.FrameworkPSS {
			return c.ID
		}
	}
	return ""
}
