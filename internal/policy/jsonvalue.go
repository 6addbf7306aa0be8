package policy

import (
	"bytes"
	"fmt"
	"io"
	"sync"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/open-policy-agent/opa/v1/ast"
)

// jsonValue decodes JSON straight into an OPA value. Going through Go maps
// first (encoding/json, then ast.InterfaceToValue) builds every value
// twice, and was most of the cost of a policy in admission.
func jsonValue(data []byte) (ast.Value, error) {
	// The same leniency as the API server's decoder: the last of
	// duplicate keys wins and invalid UTF-8 is kept as it is.
	// A bytes.Buffer is read in place, and decoders are reused: their
	// state would otherwise be most of the garbage of a small object.
	d := decoders.Get().(*jsontext.Decoder)
	defer decoders.Put(d)
	d.Reset(bytes.NewBuffer(data), jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true))
	v, err := readValue(d)
	if err != nil {
		return nil, err
	}
	if _, err := d.ReadToken(); err != io.EOF {
		return nil, fmt.Errorf("invalid data after the top-level value at offset %d", d.InputOffset())
	}
	return v, nil
}

var decoders = sync.Pool{New: func() any { return new(jsontext.Decoder) }}

func readValue(d *jsontext.Decoder) (ast.Value, error) {
	tok, err := d.ReadToken()
	if err != nil {
		return nil, err
	}
	switch tok.Kind() {
	case 'n':
		return ast.NullValue, nil
	case 't', 'f':
		return ast.InternedTerm(tok.Bool()).Value, nil
	case '"':
		return ast.InternedTerm(tok.String()).Value, nil
	case '0':
		s := tok.String()
		if t := ast.InternedIntNumberTermFromString(s); t != nil {
			return t.Value, nil
		}
		return ast.Number(s), nil
	case '{':
		obj := ast.NewObjectWithCapacity(4)
		for d.PeekKind() != '}' {
			k, err := d.ReadToken()
			if err != nil {
				return nil, err
			}
			key := ast.InternedTerm(k.String()) // k is void after the next read
			v, err := readValue(d)
			if err != nil {
				return nil, err
			}
			obj.Insert(key, ast.NewTerm(v)) // the last of duplicate keys wins
		}
		if _, err := d.ReadToken(); err != nil {
			return nil, err
		}
		return obj, nil
	case '[':
		var elems []*ast.Term
		for d.PeekKind() != ']' {
			v, err := readValue(d)
			if err != nil {
				return nil, err
			}
			elems = append(elems, ast.NewTerm(v))
		}
		if _, err := d.ReadToken(); err != nil {
			return nil, err
		}
		return ast.NewArray(elems...), nil
	}
	return nil, fmt.Errorf("unexpected JSON token %v", tok)
}
