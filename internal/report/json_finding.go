package report

import (
	"strconv"

	"github.com/kubeward/kubeward/internal/check"
)

// appendFinding encodes a finding exactly as json.MarshalIndent(f, indent,
// "  ") would. Reports can hold a million findings and reflection-based
// encoding with re-indentation was most of the time of writing them;
// TestStreamingJSONMatchesEncoder keeps the two identical.
func appendFinding(b []byte, f *check.Finding, indent string) []byte {
	in1 := indent + "  "
	in2 := in1 + "  "
	o := objectWriter{b: append(b, '{'), indent: in1}
	o.str("check", f.Check, false)
	o.str("severity", f.Severity.String(), false)
	o.str("status", string(f.Status), false)
	o.str("title", f.Title, false)
	o.str("message", f.Message, false)

	o.open("object")
	ref := objectWriter{b: o.b, indent: in2}
	ref.str("apiVersion", f.Object.APIVersion, false)
	ref.str("kind", f.Object.Kind, false)
	ref.str("namespace", f.Object.Namespace, true)
	ref.str("name", f.Object.Name, false)
	ref.str("cluster", f.Object.Cluster, true)
	ref.str("resourceVersion", f.Object.ResourceVersion, true)
	o.b = ref.close(in1)

	o.open("location")
	loc := objectWriter{b: o.b, indent: in2}
	loc.str("file", f.Location.File, true)
	loc.int("line", f.Location.Line)
	loc.int("column", f.Location.Column)
	loc.str("object", f.Location.Object, true)
	o.b = loc.close(in1)

	o.str("path", f.Path, true)
	o.str("container", f.Container, true)

	o.open("frameworks")
	fw := objectWriter{b: o.b, indent: in2}
	if fws := f.Frameworks; fws != nil { // {} when nil, as for a finding without controls
		fw.strs("cis", fws.CIS)
		fw.strs("nsa", fws.NSA)
		fw.str("pss", fws.PSS, true)
		fw.strs("mitre", fws.MITRE)
	}
	o.b = fw.close(in1)

	o.str("remediation", f.Remediation, true)
	o.str("suppressed", f.Suppressed, true)
	if len(f.Evidence) > 0 {
		o.member("evidence")
		o.b = append(o.b, '[')
		for i := range f.Evidence {
			if i > 0 {
				o.b = append(o.b, ',')
			}
			o.b = append(o.b, '\n')
			o.b = append(o.b, in2...)
			ev := &f.Evidence[i]
			e := objectWriter{b: append(o.b, '{'), indent: in2 + "  "}
			e.str("source", ev.Source, false)
			e.str("setting", ev.Setting, true)
			e.str("value", ev.Value, true)
			e.str("file", ev.File, true)
			e.str("mode", ev.Mode, true)
			e.str("owner", ev.Owner, true)
			e.str("detail", ev.Detail, true)
			o.b = e.close(in2)
		}
		o.b = append(o.b, '\n')
		o.b = append(o.b, in1...)
		o.b = append(o.b, ']')
	}
	return o.close(indent)
}

// objectWriter appends the members of one JSON object in indented form.
type objectWriter struct {
	b      []byte
	indent string
	n      int // members written
}

// member starts a member. Names are this file's constants, all plain
// ASCII, so they are written without escaping.
func (o *objectWriter) member(name string) {
	if o.n > 0 {
		o.b = append(o.b, ',')
	}
	o.n++
	o.b = append(o.b, '\n')
	o.b = append(o.b, o.indent...)
	o.b = append(o.b, '"')
	o.b = append(o.b, name...)
	o.b = append(o.b, '"', ':', ' ')
}

func (o *objectWriter) str(name, v string, omitEmpty bool) {
	if omitEmpty && v == "" {
		return
	}
	o.member(name)
	o.b = appendJSONString(o.b, v)
}

func (o *objectWriter) int(name string, v int) {
	if v == 0 {
		return
	}
	o.member(name)
	o.b = strconv.AppendInt(o.b, int64(v), 10)
}

func (o *objectWriter) strs(name string, vs []string) {
	if len(vs) == 0 {
		return
	}
	o.member(name)
	o.b = append(o.b, '[')
	for i, v := range vs {
		if i > 0 {
			o.b = append(o.b, ',')
		}
		o.b = append(o.b, '\n')
		o.b = append(o.b, o.indent...)
		o.b = append(o.b, ' ', ' ')
		o.b = appendJSONString(o.b, v)
	}
	o.b = append(o.b, '\n')
	o.b = append(o.b, o.indent...)
	o.b = append(o.b, ']')
}

// open starts a nested object member; the nested writer continues on o.b.
func (o *objectWriter) open(name string) {
	o.member(name)
	o.b = append(o.b, '{')
}

// close ends the object; outer is the indentation of its closing brace.
func (o *objectWriter) close(outer string) []byte {
	if o.n == 0 {
		return append(o.b, '}')
	}
	o.b = append(o.b, '\n')
	o.b = append(o.b, outer...)
	return append(o.b, '}')
}
