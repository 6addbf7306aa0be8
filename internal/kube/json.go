package kube

import (
	"errors"
	"fmt"
	"strings"

	jsonv2 "github.com/go-json-experiment/json"
	jsonv1 "github.com/go-json-experiment/json/v1"
)

// decodeOptions are encoding/json's semantics except that field names
// match case-sensitively, as the API server's decoder matches them: a
// "hostnetwork: true" never reaches the server's object, so a check must
// not see it either. Exact matching is also the faster one.
var decodeOptions = jsonv2.JoinOptions(jsonv1.DefaultOptionsV1(), jsonv2.MatchCaseInsensitiveNames(false))

// UnmarshalJSON decodes an object's JSON form into a k8s.io/api type with
// encoding/json's semantics, through the implementation of encoding/json
// that the Go project built on its json/v2 design: decoding typed views is
// the largest cost of a scan, and this decodes them two to three times
// faster. A value of the wrong type is reported with its field path in the
// form checks use: "spec.volumes[0].fc.lun: a string where int32 is
// expected".
func UnmarshalJSON(data []byte, v any) error {
	err := jsonv2.Unmarshal(data, v, decodeOptions)
	var te *jsonv1.UnmarshalTypeError
	if errors.As(err, &te) && te.Field != "" && te.Type != nil {
		path := fieldPath(te.Field)
		return &FieldError{Path: path, Err: fmt.Errorf("%s: a %s where %s is expected", path, te.Value, te.Type)}
	}
	return err
}

// FieldError is a decoding error at a known field, so that reports can
// point at the field's line rather than at the document's.
type FieldError struct {
	Path string
	Err  error
}

func (e *FieldError) Error() string { return e.Err.Error() }

func (e *FieldError) Unwrap() error { return e.Err }

// fieldPath turns "spec.volumes.0.fc" into "spec.volumes[0].fc".
func fieldPath(dotted string) string {
	var b strings.Builder
	for i, part := range strings.Split(dotted, ".") {
		switch {
		case part != "" && strings.Trim(part, "0123456789") == "":
			b.WriteString("[" + part + "]")
		default:
			if i > 0 && b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(part)
		}
	}
	return b.String()
}
