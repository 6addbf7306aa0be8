package report

import (
	"encoding/binary"
	"math/bits"
	"unicode/utf8"
)

// appendJSONString quotes s exactly as encoding/json does, HTML escaping
// included: `"` and `\` with a backslash; \b, \f, \n, \r and \t by name;
// other control bytes and <, > and & as \u00XX; invalid UTF-8 as \ufffd;
// U+2028 and U+2029 as \u2028 and \u2029. Nearly every message holds a
// quoted name, and handing those to json.Marshal was a third of the time
// of writing a report. Plain runs are found eight bytes at a time.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		i += plainPrefix(s[i:])
		if i == len(s) {
			break
		}
		c := s[i]
		if c < utf8.RuneSelf {
			b = append(b, s[start:i]...)
			b = appendEscapedASCII(b, c)
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, `\u202`...)
			b = append(b, hexDigits[r&0xf])
		default:
			i += size
			continue // written with the run it belongs to
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

const hexDigits = "0123456789abcdef"

// appendEscapedASCII writes the escape of one ASCII byte that is not plain.
func appendEscapedASCII(b []byte, c byte) []byte {
	switch c {
	case '"', '\\':
		return append(b, '\\', c)
	case '\b':
		return append(b, '\\', 'b')
	case '\f':
		return append(b, '\\', 'f')
	case '\n':
		return append(b, '\\', 'n')
	case '\r':
		return append(b, '\\', 'r')
	case '\t':
		return append(b, '\\', 't')
	}
	return append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
}

// plainJSON marks the bytes encoding/json writes as they are.
var plainJSON = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\' && c != '<' && c != '>' && c != '&'
	}
	return t
}()

const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

// plainPrefix returns how many leading bytes of s are plain: printable
// ASCII other than " \ < > &.
func plainPrefix(s string) int {
	i := 0
	for ; i+8 <= len(s); i += 8 {
		w := binary.LittleEndian.Uint64([]byte(s[i : i+8]))
		if m := specialBytes(w); m != 0 {
			return i + bits.TrailingZeros64(m)/8
		}
	}
	for ; i < len(s) && plainJSON[s[i]]; i++ {
	}
	return i
}

// specialBytes has the high bit set in the byte of the first special byte
// of w (and maybe in bytes after it): one below 0x20, at or above 0x80, or
// one of " \ < > &. Each test is the usual "has a zero byte" trick, exact
// up to the first hit, which is all plainPrefix reads.
func specialBytes(w uint64) uint64 {
	m := (w - ones*0x20) & ^w // bytes below 0x20
	m |= w                    // bytes at or above 0x80
	m |= zeroBytes(w ^ (ones * '"'))
	m |= zeroBytes(w ^ (ones * '\\'))
	m |= zeroBytes(w ^ (ones * '<'))
	m |= zeroBytes(w ^ (ones * '>'))
	m |= zeroBytes(w ^ (ones * '&'))
	return m & highs
}

func zeroBytes(v uint64) uint64 { return (v - ones) & ^v }
