package report_test

import (
	"bytes"
	"context"
	"encoding"
	"encoding/json"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/checks"
	"github.com/kubeward/kubeward/internal/report"
	"github.com/kubeward/kubeward/internal/scan"
)

const schemaFile = "../../docs/report-schema.json"

// TestJSONMatchesSchema validates real JSON output against the documented
// schema: the golden report, which fills every optional field, and the
// report of an actual scan of a testdata manifest.
func TestJSONMatchesSchema(t *testing.T) {
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	schema, err := c.Compile(schemaFile)
	if err != nil {
		t.Fatal(err)
	}

	scanned := scanReport(t, "../checks/podsecurity/testdata/privileged.yaml")
	if !slices.ContainsFunc(scanned.Findings, func(f check.Finding) bool { return f.Check == "privileged-container" }) {
		t.Fatalf("the scan found no privileged-container finding: %+v", scanned.Findings)
	}
	for name, r := range map[string]*report.Report{"golden": report.GoldenReport(), "scan": scanned,
		"compliance": report.ComplianceReport()} {
		var buf bytes.Buffer
		if err := report.WriteJSON(&buf, r, report.WriteOptions{}); err != nil {
			t.Fatal(err)
		}
		inst, err := jsonschema.UnmarshalJSON(&buf)
		if err != nil {
			t.Fatal(err)
		}
		if err := schema.Validate(inst); err != nil {
			t.Errorf("%s report does not match %s: %v", name, schemaFile, err)
		}
	}
}

// TestSchemaRejectsUnknownFields makes sure the schema is closed: a field
// the schema does not describe must fail validation, at the top level and
// inside a finding.
func TestSchemaRejectsUnknownFields(t *testing.T) {
	schema, err := jsonschema.NewCompiler().Compile(schemaFile)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := report.WriteJSON(&buf, report.GoldenReport(), report.WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	for name, add := range map[string]func(doc map[string]any){
		"report":  func(doc map[string]any) { doc["extra"] = 1 },
		"finding": func(doc map[string]any) { doc["findings"].([]any)[0].(map[string]any)["extra"] = 1 },
		"object": func(doc map[string]any) {
			doc["findings"].([]any)[0].(map[string]any)["object"].(map[string]any)["uid"] = "x"
		},
		"summary":  func(doc map[string]any) { doc["summary"].(map[string]any)["grade"] = 1 },
		"severity": func(doc map[string]any) { doc["findings"].([]any)[0].(map[string]any)["severity"] = "severe" },
	} {
		var doc map[string]any
		if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
			t.Fatal(err)
		}
		add(doc)
		if err := schema.Validate(doc); err == nil {
			t.Errorf("%s: the schema accepted a report with an unknown field or value", name)
		}
	}
}

// TestSchemaKnowsEveryField walks the Go types of the report and the
// schema together: every JSON field of the report types must be a property
// in the schema and every schema property a field, including optional
// fields that a given report may leave out.
func TestSchemaKnowsEveryField(t *testing.T) {
	data, err := os.ReadFile(schemaFile)
	if err != nil {
		t.Fatal(err)
	}
	var schema map[string]any
	if err := json.Unmarshal(data, &schema); err != nil {
		t.Fatal(err)
	}
	w := schemaWalker{t: t, root: schema}
	w.compare("report", reflect.TypeFor[report.Report](), schema)
}

type schemaWalker struct {
	t    *testing.T
	root map[string]any
}

var textMarshaler = reflect.TypeFor[encoding.TextMarshaler]()

func (w schemaWalker) compare(where string, typ reflect.Type, node map[string]any) {
	node = w.resolve(node)
	switch {
	case typ.Implements(textMarshaler) || reflect.PointerTo(typ).Implements(textMarshaler):
		return // written as a string
	case typ.Kind() == reflect.Slice:
		items, _ := node["items"].(map[string]any)
		if items == nil {
			w.t.Errorf("%s: the schema has no items for a list", where)
			return
		}
		w.compare(where+"[]", typ.Elem(), w.itemSchema(items))
	case typ.Kind() == reflect.Map:
		// bySeverity: one property per severity.
		props, _ := node["properties"].(map[string]any)
		var want []string
		for _, s := range check.Severities {
			want = append(want, s.String())
		}
		w.sameKeys(where, want, props)
	case typ.Kind() == reflect.Struct:
		props, _ := node["properties"].(map[string]any)
		if node["additionalProperties"] != false {
			w.t.Errorf("%s: the schema does not set additionalProperties: false", where)
		}
		fields := map[string]reflect.Type{}
		var names []string
		for f := range typ.Fields() {
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if !f.IsExported() || name == "-" {
				continue
			}
			if name == "" {
				name = f.Name
			}
			fields[name] = f.Type
			names = append(names, name)
		}
		w.sameKeys(where, names, props)
		for name, ft := range fields {
			if p, ok := props[name].(map[string]any); ok {
				w.compare(where+"."+name, ft, p)
			}
		}
	}
}

// itemSchema looks through an allOf wrapper (suppressedFindings).
func (w schemaWalker) itemSchema(items map[string]any) map[string]any {
	if all, ok := items["allOf"].([]any); ok && len(all) == 1 {
		return all[0].(map[string]any)
	}
	return items
}

func (w schemaWalker) resolve(node map[string]any) map[string]any {
	ref, ok := node["$ref"].(string)
	if !ok {
		return node
	}
	name, ok := strings.CutPrefix(ref, "#/$defs/")
	def, _ := w.root["$defs"].(map[string]any)[name].(map[string]any)
	if !ok || def == nil {
		w.t.Fatalf("cannot resolve %s", ref)
	}
	return def
}

func (w schemaWalker) sameKeys(where string, fields []string, props map[string]any) {
	for _, f := range fields {
		if _, ok := props[f]; !ok {
			w.t.Errorf("%s: field %q is written but not in the schema", where, f)
		}
	}
	for p := range props {
		if !slices.Contains(fields, p) {
			w.t.Errorf("%s: the schema has property %q that the report never writes", where, p)
		}
	}
}

// scanReport scans a file the way `kubeward scan` does and builds its report.
func scanReport(t *testing.T, path string) *report.Report {
	t.Helper()
	engine := check.NewEngine(checks.All(), check.Options{})
	res := scan.Run(context.Background(), scan.Config{Paths: []string{path}, Engine: engine, Workers: 2})
	r := report.New("scan", "test", time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
	r.Summary.Objects = res.Objects
	r.Findings, r.Suppressed, r.Errors = res.Findings, res.Suppressed, res.Errors
	for _, run := range engine.Runners() {
		r.Rules = append(r.Rules, run.Info())
	}
	r.Finish()
	if len(r.Errors) > 0 {
		t.Fatalf("scanning %s: %+v", path, r.Errors)
	}
	return r
}

// TestScanSARIF validates the SARIF of an actual scan against the SARIF
// 2.1.0 schema and checks that each result sits on its finding's line.
func TestScanSARIF(t *testing.T) {
	schema, err := jsonschema.NewCompiler().Compile("testdata/sarif-2.1.0-rtm.5.json")
	if err != nil {
		t.Fatal(err)
	}
	r := scanReport(t, "../checks/podsecurity/testdata/privileged.yaml")
	var buf bytes.Buffer
	if err := report.Write(&buf, "sarif", r, report.WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	var log struct {
		Runs []struct {
			Results []struct {
				RuleID    string `json:"ruleId"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI, URIBaseID string }
						Region           struct{ StartLine, StartColumn int }
					}
				}
			}
		}
	}
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if err := schema.Validate(inst); err != nil {
		t.Errorf("SARIF of a real scan does not match the schema: %v", err)
	}
	results := log.Runs[0].Results
	if len(results) != len(r.Findings) {
		t.Fatalf("%d results for %d findings", len(results), len(r.Findings))
	}
	for i, f := range r.Findings {
		pl := results[i].Locations[0].PhysicalLocation
		if results[i].RuleID != f.Check || pl.ArtifactLocation.URI != "../checks/podsecurity/testdata/privileged.yaml" ||
			pl.Region.StartLine != f.Location.Line || pl.Region.StartColumn != f.Location.Column || f.Location.Line == 0 {
			t.Errorf("result %d: %s at %+v, want %s at line %d column %d", i, results[i].RuleID, pl, f.Check, f.Location.Line, f.Location.Column)
		}
	}
}
