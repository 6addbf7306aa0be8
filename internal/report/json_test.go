package report

import (
	"bytes"
	"encoding/json"
	"testing"
)

// TestStreamingJSONMatchesEncoder pins the streaming writer to what
// encoding the whole report at once gives, with and without suppressed
// findings and errors.
func TestStreamingJSONMatchesEncoder(t *testing.T) {
	full := GoldenReport()
	bare := GoldenReport()
	bare.Suppressed, bare.Errors, bare.Findings = nil, []Error{}, bare.Findings[:0]
	for name, r := range map[string]*Report{"full": full, "bare": bare} {
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetIndent("", "  ")
		if err := enc.Encode(r); err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		if err := WriteJSON(&got, r, WriteOptions{}); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Errorf("%s: streaming output differs from encoding/json:\n%s\nwant:\n%s", name, got.String(), want.String())
		}
	}
}
