package audit

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/go-json-experiment/json/jsontext"
)

// FuzzDecode checks that the fast scanner and the jsontext path agree:
// whenever the scanner accepts a line, jsontext decodes the same event.
func FuzzDecode(f *testing.F) {
	var buf bytes.Buffer
	generateEvents(&buf, 20, 7)
	for _, l := range bytes.Split(buf.Bytes(), []byte("\n")) {
		f.Add(l)
	}
	f.Add([]byte(line("x", t0, "get")))
	f.Add([]byte(`{"kind":"Event","apiVersion":"audit.k8s.io/v1","auditID":"a","stage":"Panic","verb":"get","user":{"username":"\u00e9"},"responseStatus":{"code":1e2},"requestReceivedTimestamp":"2026-05-01T12:00:00Z"}`))
	f.Add([]byte("{\"\":{\"\":\"\\0\"}}")) // an invalid escape in a skipped member
	f.Add([]byte(`{"a":"\uZZZZ","b":"\ud800","c":"\ud83d\ude00\/\t"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		d := NewDecoder()
		var fast, slow Event
		sc := scanner{b: data, d: d}
		if sc.event(&fast) != nil {
			return
		}
		d.buf = *bytes.NewBuffer(data)
		d.dec.Reset(&d.buf, jsontext.AllowInvalidUTF8(true), jsontext.AllowDuplicateNames(true))
		if err := d.event(&slow); err != nil {
			t.Fatalf("scanner accepted what jsontext refuses (%v): %q", err, data)
		}
		if !reflect.DeepEqual(normalize(fast), normalize(slow)) {
			t.Fatalf("scanner and jsontext disagree on %q:\n%+v\n%+v", data, fast, slow)
		}
	})
}

// normalize makes empty and nil slices equal.
func normalize(e Event) Event {
	if len(e.SourceIPs) == 0 {
		e.SourceIPs = nil
	}
	if len(e.User.Groups) == 0 {
		e.User.Groups = nil
	}
	if e.ImpersonatedUser != nil && len(e.ImpersonatedUser.Groups) == 0 {
		e.ImpersonatedUser.Groups = nil
	}
	return e
}
