package yamlfast

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// diffTrees returns "" when got and want agree on everything Parse
// promises (comments aside), else a description of the first differing
// node with its path.
func diffTrees(got, want *yaml.Node) string {
	return diffNode(got, want, "$")
}

func diffNode(got, want *yaml.Node, path string) string {
	if got == nil || want == nil {
		if got == want {
			return ""
		}
		return fmt.Sprintf("%s: got %s, want %s", path, describe(got), describe(want))
	}
	if got.Kind != want.Kind || got.Tag != want.Tag || got.Value != want.Value ||
		got.Style != want.Style || got.Line != want.Line || got.Column != want.Column ||
		got.Anchor != want.Anchor || (got.Alias == nil) != (want.Alias == nil) ||
		len(got.Content) != len(want.Content) {
		return fmt.Sprintf("%s:\n  got  %s\n  want %s", path, describe(got), describe(want))
	}
	for i := range got.Content {
		step := fmt.Sprintf("%s[%d]", path, i)
		if got.Kind == yaml.MappingNode && i%2 == 1 {
			step = fmt.Sprintf("%s.%s", path, want.Content[i-1].Value)
		}
		if d := diffNode(got.Content[i], want.Content[i], step); d != "" {
			return d
		}
	}
	return ""
}

func describe(n *yaml.Node) string {
	if n == nil {
		return "<nil>"
	}
	kinds := map[yaml.Kind]string{0: "zero", yaml.DocumentNode: "document", yaml.SequenceNode: "sequence",
		yaml.MappingNode: "mapping", yaml.ScalarNode: "scalar", yaml.AliasNode: "alias"}
	return fmt.Sprintf("%s tag=%q value=%q style=%d at %d:%d anchor=%q children=%d",
		kinds[n.Kind], n.Tag, n.Value, n.Style, n.Line, n.Column, n.Anchor, len(n.Content))
}

// yamlV3 parses like yaml.Unmarshal(data, &node), turning a parser panic
// into an error.
func yamlV3(data []byte) (n *yaml.Node, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("yaml.v3 panicked: %v", r)
		}
	}()
	n = new(yaml.Node)
	err = yaml.Unmarshal(data, n)
	return n, err
}

// checkSame parses data with both parsers. It reports whether the fast
// path took the input, and fails t if the fast path returned anything but
// yaml.v3's tree or an ErrUnsupported.
func checkSame(t testing.TB, name string, data []byte) (fast bool) {
	t.Helper()
	got, err := Parse(data)
	if err != nil {
		if !errors.Is(err, ErrUnsupported) {
			t.Errorf("%s: error does not wrap ErrUnsupported: %v", name, err)
		}
		return false
	}
	want, werr := yamlV3(data)
	if werr != nil {
		t.Errorf("%s: fast path accepted input that yaml.v3 rejects (%v):\n%s", name, werr, quoteInput(data))
		return true
	}
	if d := diffTrees(got, want); d != "" {
		t.Errorf("%s: tree differs from yaml.v3 at %s\ninput:\n%s", name, d, quoteInput(data))
	}
	return true
}

func quoteInput(data []byte) string {
	const max = 2000
	s := fmt.Sprintf("%q", data)
	if len(s) > max {
		s = s[:max] + "..."
	}
	return strings.TrimSpace(s)
}
