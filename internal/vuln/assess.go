package vuln

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
)

// Component is one running piece of Kubernetes and the version it
// reported.
type Component struct {
	// Name is a component as the CVE data names it (kube-apiserver,
	// kubelet, kube-proxy, ...), a group of them (see Groups: the API
	// server's version stands for the whole control plane) or All.
	Name    string
	Version string // as reported: v1.29.3, v1.30.4+k3s1, ...
	Where   Where
}

// Where says what findings about a component are reported on and where
// its version was read.
type Where struct {
	Object   kube.Ref      // Cluster/kubernetes, Node/worker-1, ...
	Location kube.Location // for a cluster object, its API path
	Field    string        // status.nodeInfo.kubeletVersion, --k8s-version, ...
	Source   string        // evidence source: "api" or "flag"
}

// ClusterRef is the object version findings are reported on when there is
// no real object to name: the cluster as a whole.
var ClusterRef = kube.Ref{APIVersion: "kubeward.dev/v1alpha1", Kind: "Cluster", Name: "kubernetes"}

// Groups name sets of components that run at one version.
var Groups = map[string][]string{
	"control-plane": {"kube-apiserver", "kube-controller-manager", "kube-scheduler"},
	"node":          {"kubelet", "kube-proxy"},
	// cluster is every server-side component of a release; clients
	// (kubectl, client-go) are not part of a cluster.
	"cluster": {"kube-apiserver", "kube-controller-manager", "kube-scheduler", "kubelet", "kube-proxy", "kube-dns"},
}

// All names every component the CVE data knows, clients included.
const All = "all"

// Expand resolves component and group names to components, in order,
// without duplicates.
func Expand(names ...string) []string {
	var out []string
	for _, n := range names {
		members, ok := Groups[n]
		if !ok {
			members = []string{n}
		}
		for _, m := range members {
			if !slices.Contains(out, m) {
				out = append(out, m)
			}
		}
	}
	return out
}

// Components lists the components the data knows for Kubernetes releases,
// sorted: what a component name is checked against.
func (db *DB) Components() []string {
	var out []string
	for _, r := range db.Records {
		if r.VersionScheme != SchemeKubernetes {
			continue
		}
		for _, c := range r.Components {
			if !slices.Contains(out, c) {
				out = append(out, c)
			}
		}
	}
	slices.Sort(out)
	return out
}

// CVEMeta describes the k8s-cve check: one rule for every CVE, the CVE
// ID leading the message and serving as the finding's path.
var CVEMeta = check.Meta{
	ID:       "k8s-cve",
	Title:    "Kubernetes version affected by a known CVE",
	Severity: check.High,
	Description: "A Kubernetes component runs a release that a published Kubernetes CVE affects. " +
		"Each finding names the CVE, its severity and CVSS score, the release that fixes it for the running " +
		"minor line and the advisory. The finding's severity is the CVE's.",
	Remediation: "Upgrade the component to the fixed release the finding names or a later patch release; where " +
		"no release fixes the CVE, apply the mitigation its advisory describes.",
	Controls: []check.Control{{Framework: check.FrameworkNSA, ID: "upgrading"}, {Framework: check.FrameworkMITRE, ID: "T1068"}},
	Family:   "kubernetes-version",
}

// EOLMeta describes the k8s-version-eol check.
var EOLMeta = check.Meta{
	ID:       "k8s-version-eol",
	Title:    "Kubernetes minor version out of upstream support",
	Severity: check.Medium,
	Description: "The Kubernetes project publishes patch releases, security fixes included, for about fourteen " +
		"months per minor line. A line past its end of life gets no fix for CVEs found later. A line whose " +
		"support ends within 60 days is a warning at low severity.",
	Remediation: "Upgrade to a minor line that upstream still supports (the finding lists them), one minor at a time, " +
		"or make sure your distribution supports the line for longer.",
	Controls: []check.Control{{Framework: check.FrameworkNSA, ID: "upgrading"}},
	Family:   "kubernetes-version",
}

// Rules are the checks Assess reports, for report rule metadata.
func Rules() []*check.Meta { return []*check.Meta{&CVEMeta, &EOLMeta} }

// parsed is a component whose version was read.
type parsed struct {
	Component
	names   []string
	version Version
}

// Assess reports the known CVEs and the support state of every component
// at now, with db's data (never nil). A version that cannot be read is a
// not-evaluated finding, never a silent pass.
func Assess(components []Component, now time.Time, db *DB) []check.Finding {
	var out []check.Finding
	byObject := map[kube.Ref][]parsed{}
	var order []kube.Ref
	for _, c := range components {
		v, err := ParseKubernetesVersion(c.Version)
		if err != nil {
			f := finding(&CVEMeta, c.Where, check.StatusNotEvaluated, check.Info, c.Where.Field,
				fmt.Sprintf("%s version could not be read: %v; its known CVEs and support window were not evaluated", c.Name, err))
			f.Evidence = []check.Evidence{evidence(c)}
			out = append(out, f)
			continue
		}
		if _, seen := byObject[c.Where.Object]; !seen {
			order = append(order, c.Where.Object)
		}
		names := Expand(c.Name)
		if c.Name == All {
			names = db.Components()
		}
		byObject[c.Where.Object] = append(byObject[c.Where.Object], parsed{Component: c, names: names, version: v})
	}
	for _, ref := range order {
		ps := byObject[ref]
		out = append(out, cveFindings(ps, db)...)
		out = append(out, supportFindings(ps, now, db.Newest())...)
	}
	return out
}

// hit is one component version a CVE affects.
type hit struct {
	p     parsed
	match Match
}

// cveFindings reports each CVE once per object, naming every component
// and version on it that the CVE affects.
func cveFindings(ps []parsed, db *DB) []check.Finding {
	hits := map[string][]hit{}
	var ids []string
	for _, p := range ps {
		for _, m := range db.Lookup(p.version, p.names) {
			if _, ok := hits[m.Record.ID]; !ok {
				ids = append(ids, m.Record.ID)
			}
			hits[m.Record.ID] = append(hits[m.Record.ID], hit{p, m})
		}
	}
	var out []check.Finding
	for _, id := range ids {
		hs := hits[id]
		r := hs[0].match.Record
		f := finding(&CVEMeta, hs[0].p.Where, check.StatusFail, r.severity(), id, cveMessage(hs))
		f.Remediation = cveRemediation(hs)
		for _, h := range hs {
			f.Evidence = append(f.Evidence, evidence(h.p.Component))
		}
		out = append(out, f)
	}
	return out
}

// affected names the components of the hit that the CVE concerns.
func (h hit) affected() []string {
	var out []string
	for _, c := range h.match.Record.Components {
		if slices.Contains(h.p.names, c) {
			out = append(out, c)
		}
	}
	return out
}

// cveMessage reads, for example: "CVE-2018-1002105 (critical, CVSS 9.8)
// affects kube-apiserver 1.11.2: <summary> Fixed in 1.11.5. Advisory: <url>".
func cveMessage(hs []hit) string {
	r := hs[0].match.Record
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s) affects %s: %s", r.ID, r.rating(), affectedList(hs), strings.TrimSpace(r.Summary))
	if !strings.HasSuffix(b.String(), ".") {
		b.WriteString(".")
	}
	fixes := map[string]bool{}
	for _, h := range hs {
		fixes[fixClause(h.match)] = true
	}
	if len(fixes) == 1 {
		b.WriteString(" " + fixClause(hs[0].match))
	} else {
		for _, h := range hs {
			fmt.Fprintf(&b, " For %s %s: %s", h.p.Name, h.p.version.Raw, fixClause(h.match))
		}
	}
	if vendor := hs[0].p.version.Build; vendor != "" {
		fmt.Fprintf(&b, " Vendor build %s of %s: check the vendor's advisories for a backported fix.", vendor, hs[0].p.version.Upstream())
	}
	if r.URL != "" {
		b.WriteString(" Advisory: " + r.URL)
	}
	return b.String()
}

// affectedList names the affected components with their versions:
// "kube-apiserver, kube-scheduler 1.13.4 and kubelet 1.12.1".
func affectedList(hs []hit) string {
	var parts []string
	byVersion := map[string][]string{}
	var versions []string
	for _, h := range hs {
		raw := h.p.version.Raw
		if !h.p.version.HasPatch {
			raw += " (every patch release)"
		}
		if _, ok := byVersion[raw]; !ok {
			versions = append(versions, raw)
		}
		for _, c := range h.affected() {
			if !slices.Contains(byVersion[raw], c) {
				byVersion[raw] = append(byVersion[raw], c)
			}
		}
	}
	for _, v := range versions {
		parts = append(parts, strings.Join(byVersion[v], ", ")+" "+v)
	}
	return strings.Join(parts, " and ")
}

// fixClause says what fixes the CVE for one version.
func fixClause(m Match) string {
	r := m.Record
	switch {
	case m.Fixed == "" && r.Status == StatusUnfixed:
		return "No release fixes it; mitigate by configuration."
	case m.Fixed == "":
		return fmt.Sprintf("No fixed release is recorded for %s.", m.Version.MinorLine())
	case !m.FixedInLine:
		return fmt.Sprintf("No %s release fixes it; fixed in %s.", m.Version.MinorLine(), m.Fixed)
	case r.Status == StatusMitigationOnly:
		return fmt.Sprintf("Fixed in %s, which adds a setting that must also be turned on.", m.Fixed)
	}
	return fmt.Sprintf("Fixed in %s.", m.Fixed)
}

func cveRemediation(hs []hit) string {
	r := hs[0].match.Record
	var parts []string
	for _, h := range hs {
		if h.match.Fixed != "" {
			parts = append(parts, fmt.Sprintf("Upgrade %s to %s or later.", strings.Join(h.affected(), ", "), h.match.Fixed))
		}
	}
	parts = slices.Compact(parts)
	if r.Notes != "" && (r.Status != StatusFixed || len(parts) == 0) {
		parts = append(parts, "Mitigation: "+r.Notes+".")
	}
	if len(parts) == 0 {
		return CVEMeta.Remediation
	}
	return strings.Join(parts, " ")
}

// supportFindings reports each minor line on an object that is out of
// support, close to it, or unknown to the table.
func supportFindings(ps []parsed, now time.Time, newest string) []check.Finding {
	var out []check.Finding
	done := map[string]bool{}
	for _, p := range ps {
		line := p.version.MinorLine()
		if done[line] {
			continue
		}
		done[line] = true
		var uses []string
		var ev []check.Evidence
		for _, q := range ps {
			if q.version.MinorLine() == line {
				uses = append(uses, q.Name+" "+q.version.Raw)
				ev = append(ev, evidence(q.Component))
			}
		}
		s := SupportOf(p.version, now)
		what := fmt.Sprintf("Kubernetes %s (%s)", line, strings.Join(uses, ", "))
		var f check.Finding
		switch s.State {
		case Supported:
			continue
		case EndingSoon:
			days := int(s.Release.EndOfLife.Sub(now.UTC().Truncate(24*time.Hour)).Hours() / 24)
			f = finding(&EOLMeta, p.Where, check.StatusWarn, check.Low, p.Where.Field,
				fmt.Sprintf("%s leaves upstream support on %s, in %d days.%s", what, date(s.Release.EndOfLife), days, supportedList(now)))
		case EndOfLife:
			when := date(s.Release.EndOfLife)
			if s.Older {
				when = "before " + date(s.Release.EndOfLife) + " (older than every line in kubeward's support table)"
			}
			f = finding(&EOLMeta, p.Where, check.StatusFail, EOLMeta.Severity, p.Where.Field,
				fmt.Sprintf("%s is out of upstream support since %s: it gets no more patch releases, security fixes included.%s", what, when, supportedList(now)))
		case UnknownNewer:
			f = finding(&EOLMeta, p.Where, check.StatusNotEvaluated, check.Info, p.Where.Field,
				fmt.Sprintf("%s is newer than kubeward's support table (newest %s); its support window was not evaluated, and CVEs published after %s are not in the CVE data.", what, s.Release.Line(), newest))
		}
		f.Evidence = ev
		out = append(out, f)
	}
	return out
}

// supportedList names the lines upstream supports, for messages.
func supportedList(now time.Time) string {
	var lines []string
	for _, r := range SupportedAt(now) {
		lines = append(lines, r.Line())
	}
	if len(lines) == 0 {
		return ""
	}
	return fmt.Sprintf(" Supported on %s: %s.", date(now), strings.Join(lines, ", "))
}

func finding(m *check.Meta, w Where, status check.Status, sev check.Severity, path, msg string) check.Finding {
	return check.Finding{
		Check: m.ID, Severity: sev, Status: status, Title: m.Title, Message: msg,
		Object: w.Object, Location: w.Location, Path: path, Frameworks: check.FrameworksOf(m.Controls), Remediation: m.Remediation,
	}
}

func evidence(c Component) check.Evidence {
	return check.Evidence{Source: cmp.Or(c.Where.Source, "api"), Setting: c.Where.Field, Value: c.Version, Detail: c.Name}
}

func date(t time.Time) string { return t.UTC().Format(time.DateOnly) }

// severity maps the data's severity; a CVE the sources did not rate is
// reported as medium rather than dropped (rating says so).
func (r *Record) severity() check.Severity {
	if r.Severity == nil {
		return check.Medium
	}
	s, err := check.ParseSeverity(*r.Severity)
	if err != nil {
		return check.Medium // validated at load; unreachable
	}
	return s
}

// rating is "critical, CVSS 9.8", or says the CVE is unrated.
func (r *Record) rating() string {
	switch {
	case r.Severity == nil:
		return "not rated in the data; reported as medium"
	case r.CVSSScore == nil:
		return *r.Severity
	}
	return fmt.Sprintf("%s, CVSS %.1f", *r.Severity, *r.CVSSScore)
}
