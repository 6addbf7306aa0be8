package source

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// doc is the comparable summary of a Document.
type doc struct {
	Index      int
	Line       int
	Data       string
	APIVersion string
	Kind       string
	Skipped    bool
	Err        string
}

func summarize(d *Document) doc {
	s := doc{Index: d.Index, Line: d.Line, Data: string(d.Data), APIVersion: d.APIVersion, Kind: d.Kind, Skipped: d.Skipped}
	if d.Err != nil {
		s.Err = d.Err.Error()
	}
	return s
}

func split(t *testing.T, input string, opts Options) []doc {
	t.Helper()
	var got []doc
	if errs := splitAll(strings.NewReader(input), "f.yaml", opts, func(d *Document) {
		if d.File != "f.yaml" {
			t.Errorf("document names file %q", d.File)
		}
		got = append(got, summarize(d))
	}); errs != nil {
		t.Fatalf("split errors: %v", errs)
	}
	return got
}

func wantsOnly(kinds ...string) func(string, string) bool {
	return func(_, k string) bool {
		for _, w := range kinds {
			if w == k {
				return true
			}
		}
		return false
	}
}

func checkDocs(t *testing.T, got, want []doc) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d documents, want %d:\n%+v", len(got), len(want), got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("document %d:\n got %+v\nwant %+v", i, got[i], want[i])
		}
	}
}

func TestSplitMarkers(t *testing.T) {
	tests := []struct {
		name  string
		input string
		want  []doc
	}{
		{"single without markers", "a: 1\nb: 2\n", []doc{{Line: 1, Data: "a: 1\nb: 2\n"}}},
		{"no trailing newline", "a: 1\nb: 2", []doc{{Line: 1, Data: "a: 1\nb: 2"}}},
		{"markers", "---\na: 1\n---\nb: 2\n", []doc{
			{Line: 1, Data: "---\na: 1\n"},
			{Index: 1, Line: 3, Data: "---\nb: 2\n"},
		}},
		{"leading comments dropped before a marker", "# header\n\n---\na: 1\n", []doc{{Line: 3, Data: "---\na: 1\n"}}},
		{"leading comments kept without a marker", "# header\na: 1\n---\nb: 2", []doc{
			{Line: 1, Data: "# header\na: 1\n"},
			{Index: 1, Line: 3, Data: "---\nb: 2"},
		}},
		{"empty documents", "---\n---\n# only a comment\n---\n\na: 1\n---\n---\n", []doc{{Line: 4, Data: "---\n\na: 1\n"}}},
		{"content on the marker line", "--- {a: 1}\n--- |\n  text\n---   # comment\nb: 2\n", []doc{
			{Line: 1, Data: "--- {a: 1}\n"},
			{Index: 1, Line: 2, Data: "--- |\n  text\n"},
			{Index: 2, Line: 4, Data: "---   # comment\nb: 2\n"},
		}},
		{"marker line with content, last line", "a: 1\n--- [x]", []doc{
			{Line: 1, Data: "a: 1\n"},
			{Index: 1, Line: 2, Data: "--- [x]"},
		}},
		{"end markers", "a: 1\n...\n# between\nb: 2\n...\n", []doc{
			{Line: 1, Data: "a: 1\n"},
			{Index: 1, Line: 3, Data: "# between\nb: 2\n"},
		}},
		{"end marker before content keeps lines in step", "# c\n...\nb: 2\n", []doc{{Line: 3, Data: "b: 2\n"}}},
		{"CRLF", "---\r\na: 1\r\n---\r\nb: 2\r\n", []doc{
			{Line: 1, Data: "---\r\na: 1\r\n"},
			{Index: 1, Line: 3, Data: "---\r\nb: 2\r\n"},
		}},
		{"not markers", "----\na: ---\n---x: 1\n", []doc{{Line: 1, Data: "----\na: ---\n---x: 1\n"}}},
		{"UTF-8 byte order mark dropped", "\ufeffapiVersion: v1\nkind: Pod\n", []doc{
			{Line: 1, Data: "apiVersion: v1\nkind: Pod\n", APIVersion: "v1", Kind: "Pod"},
		}},
		{"empty input", "", nil},
		{"only comments", "# a\n# b\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkDocs(t, split(t, tt.input, Options{}), tt.want) })
	}
}

func TestSplitUTF16(t *testing.T) {
	text := "apiVersion: v1\nkind: Pod\n---\nb: 2\n"
	for _, order := range []string{"le", "be"} {
		var b []byte
		if order == "le" {
			b = append(b, 0xFF, 0xFE)
		} else {
			b = append(b, 0xFE, 0xFF)
		}
		for _, r := range text {
			if order == "le" {
				b = append(b, byte(r), 0)
			} else {
				b = append(b, 0, byte(r))
			}
		}
		checkDocs(t, split(t, string(b), Options{}), []doc{
			{Line: 1, Data: "apiVersion: v1\nkind: Pod\n", APIVersion: "v1", Kind: "Pod"},
			{Index: 1, Line: 3, Data: "---\nb: 2\n"},
		})
	}
}

func TestSplitSniff(t *testing.T) {
	wants := wantsOnly("Pod", "Deployment")
	tests := []struct {
		name  string
		input string
		want  doc
	}{
		{"unwanted kind skipped", "apiVersion: v1\nkind: ConfigMap\ndata: {a: b}\n",
			doc{Line: 1, APIVersion: "v1", Kind: "ConfigMap", Skipped: true}},
		{"wanted kind kept", "apiVersion: v1\nkind: Pod\n",
			doc{Line: 1, Data: "apiVersion: v1\nkind: Pod\n", APIVersion: "v1", Kind: "Pod"}},
		{"quoted values and comments", "apiVersion: \"v1\"  # core\nkind: 'ConfigMap' # c\n",
			doc{Line: 1, APIVersion: "v1", Kind: "ConfigMap", Skipped: true}},
		{"kind line before apiVersion", "kind: Secret\napiVersion: v1\n",
			doc{Line: 1, APIVersion: "v1", Kind: "Secret", Skipped: true}},
		{"indentless sequence after keys", "apiVersion: v1\nkind: ClusterRole\nrules:\n- verbs: [get]\n",
			doc{Line: 1, APIVersion: "v1", Kind: "ClusterRole", Skipped: true}},
		{"List never skipped", "apiVersion: v1\nkind: List\nitems: []\n",
			doc{Line: 1, Data: "apiVersion: v1\nkind: List\nitems: []\n", APIVersion: "v1", Kind: "List"}},
		{"xList never skipped", "apiVersion: v1\nkind: ConfigMapList\nitems: []\n",
			doc{Line: 1, Data: "apiVersion: v1\nkind: ConfigMapList\nitems: []\n", APIVersion: "v1", Kind: "ConfigMapList"}},
		{"kind twice", "apiVersion: v1\nkind: ConfigMap\nkind: Pod\n",
			doc{Line: 1, Data: "apiVersion: v1\nkind: ConfigMap\nkind: Pod\n", APIVersion: "v1", Kind: "Pod"}},
		{"apiVersion twice", "apiVersion: v1\nkind: ConfigMap\napiVersion: v2\n",
			doc{Line: 1, Data: "apiVersion: v1\nkind: ConfigMap\napiVersion: v2\n", APIVersion: "v2", Kind: "ConfigMap"}},
		{"no apiVersion", "kind: ConfigMap\n",
			doc{Line: 1, Data: "kind: ConfigMap\n", Kind: "ConfigMap"}},
		{"escape in quoted kind", "apiVersion: v1\nkind: \"Po\\x64\"\n",
			doc{Line: 1, Data: "apiVersion: v1\nkind: \"Po\\x64\"\n", APIVersion: "v1"}},
		{"tagged kind", "apiVersion: v1\nkind: !!str ConfigMap\n",
			doc{Line: 1, Data: "apiVersion: v1\nkind: !!str ConfigMap\n", APIVersion: "v1"}},
		{"space before colon", "apiVersion: v1\nkind: ConfigMap\nkind : Pod\n",
			doc{Line: 1, Data: "apiVersion: v1\nkind: ConfigMap\nkind : Pod\n", APIVersion: "v1", Kind: "ConfigMap"}},
		{"longer key is not kind", "apiVersion: v1\nkind: ConfigMap\nkinds: x\n",
			doc{Line: 1, APIVersion: "v1", Kind: "ConfigMap", Skipped: true}},
		{"quoted top-level key", "apiVersion: v1\nkind: ConfigMap\n\"kind\": Pod\n",
			doc{Line: 1, Data: "apiVersion: v1\nkind: ConfigMap\n\"kind\": Pod\n", APIVersion: "v1", Kind: "ConfigMap"}},
		{"merge key", "apiVersion: v1\nkind: ConfigMap\n<<: {x: 1}\n",
			doc{Line: 1, Data: "apiVersion: v1\nkind: ConfigMap\n<<: {x: 1}\n", APIVersion: "v1", Kind: "ConfigMap"}},
		// A "kind:" line inside a multi-line quoted scalar must not hide the
		// real kind, written here as a quoted key.
		{"kind line inside a quoted scalar", "apiVersion: v1\n\"kind\": Pod\nmetadata: {annotations: {a: \"x\nkind: ConfigMap\n y\"}}\n",
			doc{Line: 1, Data: "apiVersion: v1\n\"kind\": Pod\nmetadata: {annotations: {a: \"x\nkind: ConfigMap\n y\"}}\n", APIVersion: "v1", Kind: "ConfigMap"}},
		{"indented top-level mapping", "  apiVersion: v1\n  kind: Pod\nkind: ConfigMap\napiVersion: v1\n",
			doc{Line: 1, Data: "  apiVersion: v1\n  kind: Pod\nkind: ConfigMap\napiVersion: v1\n", APIVersion: "v1", Kind: "ConfigMap"}},
		{"top-level flow mapping", "{apiVersion: v1,\nkind: ConfigMap}\n",
			doc{Line: 1, Data: "{apiVersion: v1,\nkind: ConfigMap}\n", Kind: "ConfigMap}"}},
		{"top-level list", "- a\napiVersion: v1\nkind: ConfigMap\n",
			doc{Line: 1, Data: "- a\napiVersion: v1\nkind: ConfigMap\n", APIVersion: "v1", Kind: "ConfigMap"}},
		{"content on marker line", "--- !!map\napiVersion: v1\nkind: ConfigMap\n",
			doc{Line: 1, Data: "--- !!map\napiVersion: v1\nkind: ConfigMap\n", APIVersion: "v1", Kind: "ConfigMap"}},
		{"kind glued to colon", "apiVersion: v1\nkind:ConfigMap\n",
			doc{Line: 1, Data: "apiVersion: v1\nkind:ConfigMap\n", APIVersion: "v1"}},
		{"lone carriage return", "apiVersion: v1\nkind: ConfigMap\nx: 1\r\"kind\": Pod\n",
			doc{Line: 1, Data: "apiVersion: v1\nkind: ConfigMap\nx: 1\r\"kind\": Pod\n", APIVersion: "v1", Kind: "ConfigMap"}},
		{"line separator", "apiVersion: v1\nkind: ConfigMap\nx: 1\u2028\"kind\": Pod\n",
			doc{Line: 1, Data: "apiVersion: v1\nkind: ConfigMap\nx: 1\u2028\"kind\": Pod\n", APIVersion: "v1", Kind: "ConfigMap"}},
		{"paragraph separator", "apiVersion: v1\nkind: ConfigMap\nx: 1\u2029\"kind\": Pod\n",
			doc{Line: 1, Data: "apiVersion: v1\nkind: ConfigMap\nx: 1\u2029\"kind\": Pod\n", APIVersion: "v1", Kind: "ConfigMap"}},
		{"next line", "apiVersion: v1\nkind: ConfigMap\nx: 1\u0085\"kind\": Pod\n",
			doc{Line: 1, Data: "apiVersion: v1\nkind: ConfigMap\nx: 1\u0085\"kind\": Pod\n", APIVersion: "v1", Kind: "ConfigMap"}},
		{"other non-ASCII is fine", "apiVersion: v1\nkind: ConfigMap\ndata: {a: \"caf\u00e9 \u2026\"}\n",
			doc{Line: 1, APIVersion: "v1", Kind: "ConfigMap", Skipped: true}},
		{"CRLF", "apiVersion: v1\r\nkind: ConfigMap\r\n",
			doc{Line: 1, APIVersion: "v1", Kind: "ConfigMap", Skipped: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkDocs(t, split(t, tt.input, Options{Wants: wants}), []doc{tt.want}) })
	}
}

func TestSplitLines(t *testing.T) {
	input := "# file header\n" + // 1
		"apiVersion: v1\n" + // 2
		"kind: ConfigMap\n" + // 3
		"---\n" + // 4
		"apiVersion: v1\n" + // 5
		"kind: Pod\n" + // 6
		"...\n" + // 7
		"---\r\n" + // 8
		"\r\n" + // 9
		"apiVersion: apps/v1\r\n" + // 10
		"kind: Deployment\r\n" + // 11
		"--- # next\n" + // 12
		"apiVersion: v1\n" + // 13
		"kind: Service" // 14
	checkDocs(t, split(t, input, Options{Wants: wantsOnly("Pod", "Deployment")}), []doc{
		{Index: 0, Line: 1, APIVersion: "v1", Kind: "ConfigMap", Skipped: true},
		{Index: 1, Line: 4, Data: "---\napiVersion: v1\nkind: Pod\n", APIVersion: "v1", Kind: "Pod"},
		{Index: 2, Line: 8, Data: "---\r\n\r\napiVersion: apps/v1\r\nkind: Deployment\r\n", APIVersion: "apps/v1", Kind: "Deployment"},
		{Index: 3, Line: 12, APIVersion: "v1", Kind: "Service", Skipped: true},
	})
}

func TestSplitTooLarge(t *testing.T) {
	big := "apiVersion: v1\nkind: Pod\ndata: " + strings.Repeat("x", 100) + "\n"
	input := "a: 1\n---\n" + big + "---\nb: 2\n"
	got := split(t, input, Options{MaxDocumentSize: 64})
	checkDocs(t, got, []doc{
		{Line: 1, Data: "a: 1\n"},
		{Index: 1, Line: 2, APIVersion: "v1", Kind: "Pod",
			Err: "document too large: more than 64 bytes (raise --max-document-size if this is intended)"},
		{Index: 2, Line: 6, Data: "---\nb: 2\n"},
	})
	// whatever its kind
	got = split(t, "apiVersion: v1\nkind: ConfigMap\ndata: "+strings.Repeat("x", 100)+"\n", Options{MaxDocumentSize: 64, Wants: wantsOnly("Pod")})
	checkDocs(t, got, []doc{{Line: 1, APIVersion: "v1", Kind: "ConfigMap",
		Err: "document too large: more than 64 bytes (raise --max-document-size if this is intended)"}})
}

func TestSplitLongLine(t *testing.T) {
	// lines longer than the read buffer are assembled
	long := "a: " + strings.Repeat("x", 200<<10) + "\n"
	checkDocs(t, split(t, long+"---\nb: 1\n", Options{}), []doc{
		{Line: 1, Data: long},
		{Index: 1, Line: 2, Data: "---\nb: 1\n"},
	})
	// beyond the document limit they are not kept
	got := split(t, "kind: Pod\n"+long+"---\nb: 1\n", Options{MaxDocumentSize: 100 << 10})
	checkDocs(t, got, []doc{
		{Line: 1, Kind: "Pod", Err: fmt.Sprintf("document too large: more than %d bytes (raise --max-document-size if this is intended)", 100<<10)},
		{Index: 1, Line: 3, Data: "---\nb: 1\n"},
	})
}

type failingReader struct{ n int }

func (r *failingReader) Read(p []byte) (int, error) {
	if r.n == 0 {
		return 0, errors.New("disk on fire")
	}
	r.n = 0
	return copy(p, "a: 1\n---\nb: "), nil
}

func TestSplitReadError(t *testing.T) {
	var got []doc
	errs := splitAll(&failingReader{n: 1}, "f.yaml", Options{}, func(d *Document) { got = append(got, summarize(d)) })
	checkDocs(t, got, []doc{{Line: 1, Data: "a: 1\n"}})
	want := []Error{{File: "f.yaml", Line: 2, Message: "read failed: disk on fire"}}
	if fmt.Sprint(errs) != fmt.Sprint(want) {
		t.Errorf("errors %v, want %v", errs, want)
	}
}

func TestScalarValue(t *testing.T) {
	for in, want := range map[string]string{
		" Pod\n":            "Pod",
		" \"Pod\"\n":        "Pod",
		" 'Pod'  # x\n":     "Pod",
		"\tPod\r\n":         "Pod",
		" apps/v1\n":        "apps/v1",
		" \"Po d\"\n":       "",
		" \"Pod\n":          "",
		" 'it''s'\n":        "",
		" \"P\\u006fd\"\n":  "",
		" &a Pod\n":         "",
		" *a\n":             "",
		" |\n":              "",
		" {x: y}\n":         "",
		"\n":                "",
		" Pod#x\n":          "",
		" Pod # \"quoted\"": "Pod",
	} {
		if got := scalarValue([]byte(in)); got != want {
			t.Errorf("scalarValue(%q) = %q, want %q", in, got, want)
		}
	}
}
