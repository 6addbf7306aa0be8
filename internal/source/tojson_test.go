package source

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

func convertYAML(t *testing.T, src string, maxBytes int) (string, error) {
	t.Helper()
	var n yaml.Node
	if err := yaml.Unmarshal([]byte(src), &n); err != nil {
		t.Fatalf("parse %q: %v", src, err)
	}
	out, err := toJSON(&n, maxBytes)
	if err == nil && !json.Valid(out) {
		t.Errorf("invalid JSON %s", out)
	}
	return string(out), err
}

func TestToJSONScalars(t *testing.T) {
	tests := []struct{ yaml, json string }{
		// YAML 1.1 booleans, as kubectl reads them, only when plain
		{"[yes, no, on, off, y, n, Yes, NO, On, OFF, true, False]", `[true,false,true,false,true,false,true,false,true,false,true,false]`},
		{`["yes", 'no', !!str on, "true"]`, `["yes","no","on","true"]`},
		{"[!!bool yes, !!bool false]", `[true,false]`},
		{"a: |\n  yes\n", `{"a":"yes\n"}`},
		{"[yess, nope, onn, 'off ']", `["yess","nope","onn","off "]`},
		// integers
		{"[0, -7, +3, 0x1F, 0o17, 017, 1_000, 0b101, 9223372036854775807, 18446744073709551615]",
			`[0,-7,3,31,15,15,1000,5,9223372036854775807,18446744073709551615]`},
		{"[!!int abc, '12', \"0x10\"]", `["abc","12","0x10"]`},
		// floats, written as encoding/json writes them
		{"[1.5, -0.25, 1e3, 2.0, 1e-7, 1.5e21, 99999999999999999999, 1_000.5]", `[1.5,-0.25,1000,2,1e-7,1.5e+21,100000000000000000000,1000.5]`},
		// nulls
		{"[~, null, Null, 'null']", `[null,null,null,"null"]`},
		{"a:\nb: ~\n", `{"a":null,"b":null}`},
		// strings
		{"[\"tab\\there\", \"quote \\\" and \\\\\", \"\\x01\\u2028\", caf\u00e9]", "[\"tab\\there\",\"quote \\\" and \\\\\",\"\\u0001\u2028\",\"caf\u00e9\"]"},
		{"2001-12-14", `"2001-12-14"`},
		{"!custom {a: b}", `{"a":"b"}`},
		{"!!binary aGk=", `"aGk="`},
		// keys are strings whatever they look like
		{"{1: a, true: b, null: c, 0x10: d}", `{"1":"a","true":"b","null":"c","0x10":"d"}`},
	}
	for _, tt := range tests {
		got, err := convertYAML(t, tt.yaml, 1<<20)
		if err != nil || got != tt.json {
			t.Errorf("toJSON(%q) = %s, %v; want %s", tt.yaml, got, err, tt.json)
		}
	}
}

func TestToJSONMerge(t *testing.T) {
	src := "base: &base {a: 1, b: 2}\n" +
		"more: &more {b: 20, c: 30}\n" +
		"one: {<<: *base, b: 3}\n" +
		"two: {<<: [*base, *more], d: 4}\n" +
		"three: {<<: {x: 1}}\n"
	got, err := convertYAML(t, src, 1<<20)
	want := `{"base":{"a":1,"b":2},"more":{"b":20,"c":30},"one":{"b":3,"a":1},"two":{"d":4,"a":1,"b":2,"c":30},"three":{"x":1}}`
	if err != nil || got != want {
		t.Errorf("toJSON = %s, %v; want %s", got, err, want)
	}
}

func TestToJSONErrors(t *testing.T) {
	tests := []struct {
		yaml string
		line int
		msg  string
	}{
		{"a: 1\nb: 2\na: 3\n", 3, `duplicate key "a"`},
		{"a:\n  b: {c: 1, c: 2}\n", 2, `duplicate key "c"`},
		{"a: .inf\n", 1, `value ".inf" cannot be represented in JSON`},
		{"a:\n- -.INF\n", 2, `value "-.INF" cannot be represented in JSON`},
		{"a: .NaN\n", 1, `value ".NaN" cannot be represented in JSON`},
		{"a: !!float 1e999\n", 1, `value "1e999" cannot be represented in JSON`},
		{"? {a: 1}\n: x\n", 1, "mapping key is not a scalar"},
		{"b: &b 1\nm: {<<: *b}\n", 2, "merge key value is not a mapping"},
		{"a: " + strings.Repeat("[", maxDepth+1) + strings.Repeat("]", maxDepth+1) + "\n", 1, "nesting deeper than 512 levels"},
		// a cycle is cut by the depth limit, however many aliases each level holds
		{"a: &a [*a, *a, *a, *a, *a, *a, *a, *a]\n", 1, "nesting deeper than 512 levels"},
		{"a: &a {<<: [*a, *a, *a]}\n", 1, "nesting deeper than 512 levels"},
		{"a: &a {b: *a}\n", 1, "nesting deeper than 512 levels"},
		// a billion laughs is cut by the alias budget, at the alias that asks for it
		{billionLaughs, 6, "aliases expand to more than 1048576 nodes (alias bomb?)"},
	}
	for _, tt := range tests {
		_, err := convertYAML(t, tt.yaml, 1<<30)
		var ne *nodeError
		if !errors.As(err, &ne) || ne.line != tt.line || ne.msg != tt.msg {
			t.Errorf("toJSON(%.40q) error = %#v, want line %d %q", tt.yaml, err, tt.line, tt.msg)
		}
	}
}

// billionLaughs expands to 10^9 strings through nine levels of aliases.
var billionLaughs = func() string {
	var b strings.Builder
	b.WriteString("l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n")
	for i := 1; i <= 9; i++ {
		b.WriteString(fmt.Sprintf("l%d: &l%d [", i, i))
		for j := range 10 {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString(fmt.Sprintf("*l%d", i-1))
		}
		b.WriteString("]\n")
	}
	return b.String()
}()

func TestToJSONByteBudget(t *testing.T) {
	src := "a: &a [" + strings.Repeat("xxxxxxxxxx,", 10) + "x]\nb: [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
	if _, err := convertYAML(t, src, 1<<20); err != nil {
		t.Fatalf("within budget: %v", err)
	}
	_, err := convertYAML(t, src, 500)
	var ne *nodeError
	if !errors.As(err, &ne) || !errors.Is(err, errBudget) || ne.msg != "document expands to more than 500 bytes of JSON (alias bomb?)" || ne.line != 2 {
		// line 2: where the alias asking for the bytes is
		t.Errorf("error = %#v", err)
	}
}

func TestToJSONDepthLimitExact(t *testing.T) {
	// maxDepth levels of nesting below the document convert
	src := strings.Repeat("[", maxDepth-1) + strings.Repeat("]", maxDepth-1)
	got, err := convertYAML(t, src, 1<<20)
	if err != nil || got != src {
		t.Errorf("toJSON = %.20s, %v", got, err)
	}
}
