package yamlfast

import (
	"errors"
	"testing"
)

// TestParseCases runs tricky inputs through both parsers. fast says whether
// the fast path must take the input; when it does, the tree must equal
// yaml.v3's, and when it must not, Parse must return ErrUnsupported.
func TestParseCases(t *testing.T) {
	cases := []struct {
		name string
		in   string
		fast bool
	}{
		// Block scalars: chomping, indentation indicators, empty and more
		// indented lines, a last line without a line break.
		{"literal clip", "a: |\n  x\n  y\n\n\nb: 1\n", true},
		{"literal strip", "a: |-\n  x\n  y\n\n\nb: 1\n", true},
		{"literal keep", "a: |+\n  x\n  y\n\n\nb: 1\n", true},
		{"literal keep at end", "a: |+\n  x\n\n", true},
		{"literal no final break", "a: |\n  x", true},
		{"literal strip no final break", "a: |-\n  x", true},
		{"literal empty", "a: |\nb: 1\n", true},
		{"literal empty keep at end", "a: |+\n\n\n", true},
		{"literal more indented lines", "a: |\n  x\n    y\n  z\n", true},
		{"literal leading empty lines", "a: |\n\n\n  x\n", true},
		{"literal leading spaces-only lines", "a: |\n \n  \n  x\n", true},
		{"literal more-indented leading blank", "a: |\n     \n  x\n", false},
		{"literal trailing spaces-only lines", "a: |+\n  x\n     \n  \n", true},
		{"literal indicator", "a: |2\n    x\n   y\n", true},
		{"literal indicator and chomp", "a: |1-\n  x\n", true},
		{"literal chomp and indicator", "a: |+1\n  x\n\n", true},
		{"literal indicator in sequence", "- |1\n  x\n", true},
		{"literal indicator at root", "|2\n   x\n", true},
		{"literal comment after header", "a: | # note\n  x\n", true},
		{"literal comment lines are content", "a: |\n  # not a comment\n  x\n", true},
		{"literal ended by comment", "a: |\n  x\n# c\nb: 1\n", true},
		{"literal with tab content", "a: |\n  x\ty\n  \tz\n", true},
		{"literal in compact mapping", "- a: |\n    x\n  b: 1\n", true},
		{"literal less indented than parent", "a:\n  b: |\n  c: 1\n", true},
		{"literal in indentless sequence", "a:\n- |\n  x\n- y\n", true},
		{"literal CRLF", "a: |\r\n  x\r\n  y\r\n", true},
		{"folded", "a: >\n  x\n  y\n\n  z\n", true},
		{"folded more indented", "a: >\n  x\n    y\n  z\n", true},
		{"folded strip", "a: >-\n  x\n  y\n\n", true},
		{"folded keep", "a: >+\n  x\n  y\n\n", true},
		{"indentation indicator 0", "a: |0\n  x\n", false},
		{"tab in block scalar indentation", "a: |\n\tx\n", false},

		// Empty values.
		{"empty values", "a:\nb:   \nc: # c\n", true},
		{"empty value before dedent", "a:\n  b:\nc: 1\n", true},
		{"empty value at end", "a:", true},
		{"empty sequence items", "- \n-\n- # c\n", true},
		{"empty value in compact mapping", "- a:\n  b: 1\n", true},
		{"empty flow values", "{a: , b: }", true},

		// Sequences.
		{"sequence at key indentation", "containers:\n- name: x\n  image: y\n- name: z\nnext: 1\n", true},
		{"indented sequence", "a:\n  - x\n  - y\nb: 1\n", true},
		{"nested compact sequences", "- - a\n  - b\n- - c\n", true},
		{"sequence item on next line", "-\n  a: 1\n", true},
		{"compact mapping wide dash", "-   a: 1\n    b: 2\n", true},
		{"negative numbers", "- -1\n- -.5\n- -\n", true},
		{"sequence of sequences at key", "a:\n- - x\n", true},
		{"only a list", "- a\n- b\n", true},
		{"sequence then mapping at root", "- a\nb: 1\n", false},

		// Keys.
		{"quoted keys", "\"a b\": 1\n'c''d': 2\n\"e\\tf\": 3\n", true},
		{"key with spaces before colon", "a  : 1\n", true},
		{"non-ASCII key", "é: [é, b]\nü: x\n", true},
		{"key with colon inside", "a:b: 1\n", true},
		{"long key", string(make1025()) + ": 1\n", false},
		{"mapping value on same line", "a: b: c\n", false},
		{"complex key", "? a\n: b\n", false},

		// Scalars.
		{"comment after value", "a: 1 # c\nb: 'x' # c\nc: \"y\" # c\n", true},
		{"hash without space", "a: x#y\n", true},
		{"url with colon and hash", "a: http://a:8080/#x\n", true},
		{"colon inside quotes", "a: 'x: y'\nb: \"x: y\"\n", true},
		{"single quote escape", "a: 'it''s'\n", true},
		{"double quote escapes", `a: "\\ \" \n \t \r \0 \a \b \e \f \v \x41 \u00e9 \U0001F600"` + "\n", true},
		{"unknown escape", `a: "\q"` + "\n", false},
		{"escaped slash, unknown to yaml.v3", `a: "\/"` + "\n", false},
		{"surrogate escape", `a: "\ud800"` + "\n", false},
		{"trailing spaces", "a: b   \nc: 'd'   \n", true},
		{"apostrophe in plain", "a: it's\n", true},
		{"resolved tags", "a: [1, -2, 0x1F, 0o17, 017, 0b11, 1_000, 1.5, .5, 1e3, .inf, -.Inf, .nan, true, False, NULL, ~, null, 2001-12-14, 2001-12-14T21:59:43.10Z, 12:30, 0889, 99999999999999999999, +1, y, <<, yes, 1.2.3]\n", true},
		{"merge key", "<<: 1\n", true},
		{"multi-line plain", "a: x\n  y\n\n  z\nb: 1\n", true},
		{"multi-line plain in sequence", "- x\n  - y\n", true},
		{"multi-line plain ended by comment", "a: x\n  y # c\nb: 1\n", true},
		{"multi-line plain below key", "a:\n  x\n  y\n", true},
		{"multi-line plain with colon", "a: x\n  y: z\n", false},
		{"multi-line quoted", "a: 'x\n  y'\n", false},
		{"escaped line break", "a: \"x\\\n  y\"\n", false},
		{"document only a scalar", "hello\n", true},
		{"document only a quoted scalar", "'hello'\n", true},
		{"multi-line root scalar", "hello\nworld\n", true},

		// Flow collections.
		{"flow collections", "a: {b: 1, c: [x, \"y\", 'z'], d: {}}\ne: []\n", true},
		{"flow trailing comma", "a: [x, y, ]\nb: {c: 1,}\n", true},
		{"flow json style", "{\"a\":1,\"b\":[true,null]}\n", true},
		{"flow plain with spaces", "a: [x y, z :w]\n", true},
		{"flow dash scalar", "a: [-]\n", true},
		{"flow single pair", "a: [b: c]\n", false},
		{"flow multi-line", "a: [x,\n  y]\n", false},
		{"flow key without value", "a: {b}\n", false},
		{"flow followed by text", "a: [x] y\n", false},

		// Documents and lines.
		{"document start", "---\na: 1\n", true},
		{"document start with comment", "--- # c\na: 1\n", true},
		{"document end", "a: 1\n...\n", true},
		{"document end then comment", "a: 1\n... # c\n# x\n", true},
		{"empty explicit document", "---\n", true},
		{"empty explicit document with comments", "---\n# c\n\n", true},
		{"empty explicit document ended", "---\n...\n", true},
		{"empty input", "", true},
		{"comments only", "# a\n\n# b\n", true},
		{"content on document start line", "--- a\n", false},
		{"second document", "a: 1\n---\nb: 2\n", false},
		{"content after document end", "a: 1\n...\nb\n", false},
		{"CRLF", "a: 1\r\nb:\r\n- x\r\n", true},
		{"lone CR", "a: 1\rb: 2\n", false},
		{"indented root", "  a: 1\n  b: 2\n", true},
		{"comment lines anywhere", "a:\n# c\n    # d\n  b: 1\n", true},

		// Declined syntax.
		{"anchor", "a: &x 1\nb: *x\n", false},
		{"tag", "a: !!str 1\n", false},
		{"directive", "%YAML 1.2\n---\na: 1\n", false},
		{"tab indentation", "a:\n\tb: 1\n", false},
		{"tab after colon", "a:\tb\n", false},
		{"byte order mark", "\ufeffa: 1\n", false},
		{"invalid UTF-8", "a: \xff\n", false},
		{"deeper line after value", "a: 1\n  b: 2\n", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fast := checkSame(t, c.name, []byte(c.in))
			if fast != c.fast {
				_, err := Parse([]byte(c.in))
				t.Errorf("fast path taken = %v, want %v (err: %v)", fast, c.fast, err)
			}
			if !c.fast {
				if _, err := Parse([]byte(c.in)); !errors.Is(err, ErrUnsupported) {
					t.Errorf("err = %v, want ErrUnsupported", err)
				}
			}
		})
	}
}

func make1025() []byte {
	b := make([]byte, 1025)
	for i := range b {
		b[i] = 'k'
	}
	return b
}
