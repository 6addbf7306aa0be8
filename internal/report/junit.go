package report

import (
	"cmp"
	"encoding/xml"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
)

// inputSuite names the suite that holds input errors; check families are
// kebab-case words, so it cannot clash with one unless a family is named so.
const inputSuite = "input"

// otherFamily holds findings of checks that have no family.
const otherFamily = "other"

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name      string      `xml:"name,attr"`
	Tests     int         `xml:"tests,attr"`
	Failures  int         `xml:"failures,attr"`
	Errors    int         `xml:"errors,attr"`
	Skipped   int         `xml:"skipped,attr"`
	Timestamp string      `xml:"timestamp,attr,omitempty"`
	Cases     []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	File      string        `xml:"file,attr,omitempty"`
	Line      int           `xml:"line,attr,omitempty"`
	Skipped   *junitMessage `xml:"skipped"`
	Error     *junitMessage `xml:"error"`
	Failure   *junitMessage `xml:"failure"`
	SystemOut *junitText    `xml:"system-out"`
}

// junitText is element text kept in a CDATA section, so multi-line
// details stay readable in the file instead of becoming &#xA; escapes.
type junitText struct {
	Text string `xml:",cdata"`
}

type junitMessage struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr,omitempty"`
	Text    string `xml:",cdata"`
}

// junitKey is one object in one check family: an object is identified by
// its ref and the file it came from, since two files may hold objects of
// the same name.
type junitKey struct {
	family string
	ref    kube.Ref
	file   string
}

type junitGroup struct {
	key        junitKey
	line       int
	failures   []check.Finding
	errors     []check.Finding
	suppressed []check.Finding
	other      []check.Finding // pass and manual: neither fail nor error the case
}

// WriteJUnit writes the report as JUnit XML for CI systems: one suite per
// check family, one test case per object that has findings in that family,
// then one suite per control of each compliance framework asked for.
// Objects without findings are not in the report and so not in the XML;
// see docs/report-schema.md.
func WriteJUnit(w io.Writer, r *Report, _ WriteOptions) error {
	if r.Bench != nil {
		return writeJUnitXML(w, r, junitBenchSuites(r))
	}
	family := map[string]string{}
	for _, m := range r.Rules {
		family[m.ID] = m.Family
	}
	groups := map[junitKey]*junitGroup{}
	var order []*junitGroup
	add := func(f check.Finding, suppressed bool) {
		fam := cmp.Or(family[f.Check], otherFamily)
		k := junitKey{family: fam, ref: f.Object, file: f.Location.File}
		g := groups[k]
		if g == nil {
			g = &junitGroup{key: k, line: f.Location.Line}
			groups[k] = g
			order = append(order, g)
		}
		if f.Location.Line > 0 && (g.line == 0 || f.Location.Line < g.line) {
			g.line = f.Location.Line
		}
		switch {
		case suppressed:
			g.suppressed = append(g.suppressed, f)
		case f.Status == check.StatusError:
			g.errors = append(g.errors, f)
		case f.Status == check.StatusFail || f.Status == check.StatusWarn:
			g.failures = append(g.failures, f)
		default:
			g.other = append(g.other, f)
		}
	}
	for _, f := range r.Findings {
		add(f, false)
	}
	for _, f := range r.Suppressed {
		add(f, true)
	}

	slices.SortFunc(order, func(a, b *junitGroup) int {
		return cmp.Or(cmp.Compare(a.key.file, b.key.file), cmp.Compare(a.key.ref.Namespace, b.key.ref.Namespace),
			cmp.Compare(a.key.ref.Kind, b.key.ref.Kind), cmp.Compare(a.key.ref.Name, b.key.ref.Name),
			cmp.Compare(a.key.ref.APIVersion, b.key.ref.APIVersion))
	})
	suites := map[string]*junitSuite{}
	var names []string
	for _, g := range order {
		s := suites[g.key.family]
		if s == nil {
			s = &junitSuite{Name: g.key.family}
			suites[g.key.family] = s
			names = append(names, g.key.family)
		}
		s.Cases = append(s.Cases, junitCaseOf(g))
	}
	slices.Sort(names)

	out := junitSuites{Name: cmp.Or(r.Metadata.Tool, "kubeward")}
	for _, n := range names {
		out.Suites = append(out.Suites, *suites[n])
	}
	out.Suites = append(out.Suites, junitComplianceSuites(r)...)
	if len(r.Errors) > 0 {
		in := junitSuite{Name: inputSuite}
		for _, e := range r.Errors {
			in.Cases = append(in.Cases, junitCase{
				Name: errorName(e), Classname: inputSuite, File: e.File, Line: e.Line,
				Error: &junitMessage{Message: e.Message, Type: "input", Text: e.String()},
			})
		}
		out.Suites = append(out.Suites, in)
	}
	return writeJUnitXML(w, r, out)
}

// writeJUnitXML stamps and counts the suites and writes the document.
func writeJUnitXML(w io.Writer, r *Report, out junitSuites) error {
	stamp := ""
	if !r.Metadata.StartedAt.IsZero() {
		stamp = r.Metadata.StartedAt.UTC().Format("2006-01-02T15:04:05")
	}
	for i := range out.Suites {
		s := &out.Suites[i]
		s.Timestamp = stamp
		s.Tests = len(s.Cases)
		for _, c := range s.Cases {
			s.Failures += b2i(c.Failure != nil)
			s.Errors += b2i(c.Error != nil)
			s.Skipped += b2i(c.Skipped != nil)
		}
		out.Tests += s.Tests
		out.Failures += s.Failures
		out.Errors += s.Errors
		out.Skipped += s.Skipped
	}

	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(out); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// junitCaseOf builds the test case of one object in one family. A case
// fails when the object has failing findings, errors when a check could
// not be evaluated on it, and is skipped when all its findings were
// suppressed.
func junitCaseOf(g *junitGroup) junitCase {
	c := junitCase{
		Name: g.key.ref.String(), Classname: g.key.family,
		File: g.key.file, Line: g.line,
	}
	if len(g.failures) > 0 {
		// Most severe first: CI views often show only the start of the
		// message.
		slices.SortStableFunc(g.failures, func(a, b check.Finding) int { return cmp.Compare(b.Severity, a.Severity) })
		c.Failure = &junitMessage{
			Message: findingsSummary(g.failures),
			Type:    highest(g.failures).String(),
			Text:    findingsDetail(g.failures),
		}
	}
	if len(g.errors) > 0 {
		c.Error = &junitMessage{
			Message: findingsSummary(g.errors),
			Type:    "evaluation",
			Text:    findingsDetail(g.errors),
		}
	}
	if c.Failure == nil && c.Error == nil && len(g.suppressed) > 0 {
		c.Skipped = &junitMessage{Message: fmt.Sprintf("%d suppressed %s", len(g.suppressed), plural(len(g.suppressed), "finding"))}
	}
	var notes []string
	if len(g.suppressed) > 0 {
		notes = append(notes, "Suppressed:\n"+findingsDetail(g.suppressed))
	}
	if len(g.other) > 0 {
		notes = append(notes, "Other results:\n"+findingsDetail(g.other))
	}
	if len(notes) > 0 {
		c.SystemOut = &junitText{Text: strings.Join(notes, "\n")}
	}
	return c
}

// findingsSummary lists the findings on one line, the form CI systems show
// as the failure's headline.
func findingsSummary(fs []check.Finding) string {
	parts := make([]string, len(fs))
	for i, f := range fs {
		parts[i] = fmt.Sprintf("%s (%s) at %s: %s", f.Check, f.Severity, cmp.Or(f.Path, "object"), f.Message)
	}
	return strings.Join(parts, "; ")
}

// findingsDetail lists the findings one per line with where they are.
func findingsDetail(fs []check.Finding) string {
	var b strings.Builder
	for _, f := range fs {
		where := f.Location.String()
		if where == "" {
			where = f.Object.String()
		}
		fmt.Fprintf(&b, "%s: %s %s: %s", where, f.Severity, f.Check, f.Message)
		if f.Path != "" {
			fmt.Fprintf(&b, " (at %s)", f.Path)
		}
		if f.Suppressed != "" {
			fmt.Fprintf(&b, " [suppressed by %s]", f.Suppressed)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

func highest(fs []check.Finding) check.Severity {
	s := fs[0].Severity
	for _, f := range fs[1:] {
		s = max(s, f.Severity)
	}
	return s
}

func errorName(e Error) string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d", e.File, e.Line)
	}
	return e.File
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
