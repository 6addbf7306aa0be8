package yamlfast

import (
	"strconv"
	"strings"
	"time"
)

// resolveTag returns the tag yaml.v3 gives a plain scalar with value v.
// yaml.v3 decides by the first character: only values starting with a
// sign, a digit, '.', '<', '~' or one of "yYnNtTfFoO" can be anything but
// a string, and most manifest values are decided by that first test.
func resolveTag(v string) string {
	if v == "" {
		return "!!null"
	}
	switch c := v[0]; {
	case c >= '0' && c <= '9', c == '+', c == '-':
		return resolveNumber(v)
	case c == '.':
		if tag, ok := specialTags[v]; ok {
			return tag
		}
		if _, err := strconv.ParseFloat(v, 64); err == nil {
			return "!!float"
		}
		return "!!str"
	case strings.IndexByte("yYnNtTfFoO~<", c) >= 0:
		if tag, ok := specialTags[v]; ok {
			return tag
		}
	}
	return "!!str"
}

// specialTags lists the exact spellings yaml.v3 maps to a non-string tag
// without parsing. "<<" is the merge key.
var specialTags = map[string]string{
	"true": "!!bool", "True": "!!bool", "TRUE": "!!bool",
	"false": "!!bool", "False": "!!bool", "FALSE": "!!bool",
	"~": "!!null", "null": "!!null", "Null": "!!null", "NULL": "!!null",
	".nan": "!!float", ".NaN": "!!float", ".NAN": "!!float",
	".inf": "!!float", ".Inf": "!!float", ".INF": "!!float",
	"+.inf": "!!float", "+.Inf": "!!float", "+.INF": "!!float",
	"-.inf": "!!float", "-.Inf": "!!float", "-.INF": "!!float",
	"<<": "!!merge",
}

// resolveNumber resolves a value starting with a digit or a sign: a
// timestamp, an integer (decimal, 0x, 0o, 0b or legacy 0-prefixed octal,
// with '_' separators), a float, or else a string.
func resolveNumber(v string) string {
	if tag, ok := specialTags[v]; ok {
		return tag
	}
	if isTimestamp(v) {
		return "!!timestamp"
	}
	plain := v
	if strings.IndexByte(v, '_') >= 0 {
		plain = strings.ReplaceAll(v, "_", "")
	}
	if allDigits(plain) && len(plain) < 19 {
		// Fast path for the common case: a decimal that fits int64 and is
		// not a legacy octal with an 8 or 9 in it.
		if plain[0] != '0' || len(plain) == 1 || octalDigits(plain) {
			return "!!int"
		}
	}
	if _, err := strconv.ParseInt(plain, 0, 64); err == nil {
		return "!!int"
	}
	if _, err := strconv.ParseUint(plain, 0, 64); err == nil {
		return "!!int"
	}
	if isYAMLFloat(plain) {
		if _, err := strconv.ParseFloat(plain, 64); err == nil {
			return "!!float"
		}
	}
	for _, prefix := range [...]struct {
		p    string
		base int
	}{{"0b", 2}, {"-0b", 2}, {"0o", 8}, {"-0o", 8}} {
		if !strings.HasPrefix(plain, prefix.p) {
			continue
		}
		digits := plain[len(prefix.p):]
		if prefix.p[0] == '-' {
			if _, err := strconv.ParseInt("-"+digits, prefix.base, 64); err == nil {
				return "!!int"
			}
			continue
		}
		if _, err := strconv.ParseInt(digits, prefix.base, 64); err == nil {
			return "!!int"
		}
		if _, err := strconv.ParseUint(digits, prefix.base, 64); err == nil {
			return "!!int"
		}
	}
	return "!!str"
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return len(s) > 0
}

func octalDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] > '7' {
			return false
		}
	}
	return true
}

// isYAMLFloat matches [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?,
// the float syntax yaml.v3 accepts on top of Go's integer syntax.
func isYAMLFloat(s string) bool {
	i := 0
	if i < len(s) && (s[i] == '-' || s[i] == '+') {
		i++
	}
	digits := func() int {
		j := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		return i - j
	}
	if i < len(s) && s[i] == '.' {
		i++
		if digits() == 0 {
			return false
		}
	} else {
		if digits() == 0 {
			return false
		}
		if i < len(s) && s[i] == '.' {
			i++
			digits()
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '-' || s[i] == '+') {
			i++
		}
		if digits() == 0 {
			return false
		}
	}
	return i == len(s)
}

// timestampLayouts are the layouts yaml.v3 tries, in order, for plain
// values that start with four digits and a '-'.
var timestampLayouts = [...]string{
	"2006-1-2T15:4:5.999999999Z07:00",
	"2006-1-2t15:4:5.999999999Z07:00",
	"2006-1-2 15:4:5.999999999",
	"2006-1-2",
}

func isTimestamp(v string) bool {
	if len(v) < 5 || v[4] != '-' || !allDigits(v[:4]) {
		return false
	}
	for _, layout := range timestampLayouts {
		if _, err := time.Parse(layout, v); err == nil {
			return true
		}
	}
	return false
}
