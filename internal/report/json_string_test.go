package report

import (
	"encoding/json"
	"strings"
	"testing"
)

// jsonStringCases cover every escape, each at every offset in an
// eight-byte word, and invalid and multi-byte UTF-8.
var jsonStringCases = func() []string {
	cases := []string{"", "plain", `container "nginx" runs as root`, "a\\b", "<script>&amp;</script>",
		"tab\there\nnew\rline", "\b\f\x00\x01\x1f\x7f", "caf\u00e9 \u2028 \u2029 \U0001F600",
		"bad \xff\xfe utf8", "cut \xe2\x80", "\xed\xa0\x80 surrogate", strings.Repeat("x", 100)}
	for _, special := range []string{`"`, `\`, "<", ">", "&", "\n", "\x00", "\x1f", "\x7f", "\u00e9", "\u2028", "\xff"} {
		for at := 0; at < 17; at++ {
			cases = append(cases, strings.Repeat("a", at)+special+strings.Repeat("b", 9))
		}
	}
	return cases
}()

func TestAppendJSONStringMatchesEncoder(t *testing.T) {
	for _, s := range jsonStringCases {
		want, _ := json.Marshal(s)
		if got := appendJSONString([]byte("x"), s); string(got) != "x"+string(want) {
			t.Errorf("appendJSONString(%q) = %s, want %s", s, got[1:], want)
		}
	}
}

func FuzzAppendJSONString(f *testing.F) {
	for _, s := range jsonStringCases {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, _ := json.Marshal(s)
		if got := appendJSONString(nil, s); string(got) != string(want) {
			t.Fatalf("appendJSONString(%q) = %s, want %s", s, got, want)
		}
	})
}

func BenchmarkAppendJSONString(b *testing.B) {
	s := `container "nginx" of Deployment/default/web runs as root: set securityContext.runAsNonRoot to true`
	buf := make([]byte, 0, 256)
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		buf = appendJSONString(buf[:0], s)
	}
}
