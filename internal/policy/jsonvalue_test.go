package policy

import (
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/util"
)

// reference is how OPA itself turns JSON into a value: through Go values.
func reference(data []byte) (ast.Value, error) {
	var x any
	if err := util.UnmarshalJSON(data, &x); err != nil {
		return nil, err
	}
	return ast.InterfaceToValue(x)
}

func TestJSONValueMatchesOPA(t *testing.T) {
	for _, in := range []string{
		`{}`, `[]`, `null`, `true`, `"s"`, `0`, `-1.5e3`, `12345678901234567890123`,
		`{"a":{"b":[1,"x",null,false,{"c":[]}]},"n":8080,"f":0.25}`,
		`{"a":1,"a":2}`,                  // the last duplicate wins, as in encoding/json
		`{"k":"caf\u00e9 \ud83d\ude00"}`, // escapes
		`[[[[[[[[[[1]]]]]]]]]]`,
	} {
		got, err := jsonValue([]byte(in))
		if err != nil {
			t.Errorf("%s: %v", in, err)
			continue
		}
		want, err := reference([]byte(in))
		if err != nil {
			t.Fatalf("%s: reference: %v", in, err)
		}
		if got.Compare(want) != 0 {
			t.Errorf("%s: got %v, want %v", in, got, want)
		}
	}
}

func TestJSONValueRejectsBadJSON(t *testing.T) {
	for _, in := range []string{``, `{`, `{"a":}`, `[1,]`, `{"a":1}{}`, `{"a" 1}`, `nul`} {
		if v, err := jsonValue([]byte(in)); err == nil {
			t.Errorf("%q: got %v, want an error", in, v)
		}
	}
}

// FuzzJSONValue holds the direct decoder to OPA's own conversion: the same
// value for every input both accept, and an error where OPA errs.
func FuzzJSONValue(f *testing.F) {
	for _, s := range []string{`{"a":[1,2,{"b":null}]}`, `"x"`, `[1e400]`, `{"a":1,"a":{}}`, "\"\xff\""} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		want, werr := reference(data)
		got, gerr := jsonValue(data)
		if werr != nil {
			if gerr == nil {
				t.Fatalf("%q: got %v, OPA refuses it: %v", data, got, werr)
			}
			return
		}
		if gerr != nil {
			t.Fatalf("%q: %v, OPA reads %v", data, gerr, want)
		}
		if got.Compare(want) != 0 {
			t.Fatalf("%q: got %v, want %v", data, got, want)
		}
	})
}
