package source

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/kubeward/kubeward/internal/kube"
	"github.com/kubeward/kubeward/internal/yamlfast"
)

// Error is a problem with the input at a file and line. The rest of the
// input is still read.
type Error struct {
	File    string `json:"file"`
	Line    int    `json:"line,omitempty"`
	Message string `json:"message"`
}

func (e Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Message)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Message)
}

var (
	yamlLine      = regexp.MustCompile(`^yaml: (?:line (\d+): )?`)
	unknownAnchor = regexp.MustCompile(`^unknown anchor '(.*)' referenced$`)
)

// notObject is the error for a document that is not a mapping.
const notObject = "document is a %s, not a Kubernetes object (a mapping with apiVersion and kind)"

// Parse decodes one document into objects: one, or one per item of a List.
// Problems come back as Errors naming the file line; objects that decoded
// are returned alongside them. maxBytes bounds the JSON the document may
// expand to, all its objects together, which is what stops an alias bomb.
func Parse(d *Document, maxBytes int) (objs []*kube.Object, errs []Error) {
	return ParseIn(d, maxBytes, nil)
}

// ParseIn is Parse taking the objects' node trees from arena, when it is
// not nil: their Node fields are then valid until the arena's next Reset,
// and the caller must drop them before it. The nodes' values point into
// d.Data, which must not change.
func ParseIn(d *Document, maxBytes int, arena *yamlfast.Arena) (objs []*kube.Object, errs []Error) {
	fail := func(line int, format string, args ...any) {
		errs = append(errs, Error{File: d.File, Line: line, Message: fmt.Sprintf(format, args...)})
	}
	if d.Err != nil {
		fail(d.Line, "%v", d.Err)
		return nil, errs
	}
	offset := d.Line - 1
	root, err := decodeOne(d.Data, arena)
	if err != nil {
		line, msg := describeYAMLError(err, d.Data)
		fail(offset+line, "invalid YAML: %s", msg)
		return nil, errs
	}
	n := kube.ResolveNode(root)
	if n == nil || n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" {
		return nil, nil // a document of comments only
	}
	switch n.Kind {
	case yaml.MappingNode:
	case yaml.SequenceNode:
		fail(offset+n.Line, notObject, "list")
		return nil, errs
	default:
		fail(offset+n.Line, notObject, "scalar")
		return nil, errs
	}
	c := &converter{max: maxBytes}
	if err := headError(n); err != nil {
		fail(lineOf(err, offset, n), "%s", err.Error())
		return nil, errs
	}
	items := kube.ResolveNode(mappingValue(n, "items"))
	kind := kube.ResolveNode(mappingValue(n, "kind"))
	if items == nil || items.Kind != yaml.SequenceNode || kind == nil || !isListKind(kind.Value) {
		// One object: its JSON is about as long as its YAML, and growing
		// a buffer to that size would leave twice as much garbage.
		c.hint = len(d.Data) + len(d.Data)/8
		obj, err := newObject(d, n, c)
		if err != nil {
			fail(lineOf(err, offset, n), "%s", err.Error())
			return nil, errs
		}
		return []*kube.Object{obj}, nil
	}
	// A List stands for its items; the List itself is not an object a
	// check looks at, so it is not converted as a whole.
	if api := kube.ResolveNode(mappingValue(n, "apiVersion")); api == nil || api.Value == "" {
		fail(offset+n.Line, "%s object has no apiVersion", kind.Value)
		return nil, errs
	}
	for _, item := range items.Content {
		at := item
		item = kube.ResolveNode(item)
		if item == nil || item.Kind != yaml.MappingNode {
			fail(offset+at.Line, "%s item is not an object (a mapping with apiVersion and kind)", kind.Value)
			continue
		}
		err := headError(item)
		var o *kube.Object
		if err == nil {
			o, err = newObject(d, item, c)
		}
		if err != nil {
			fail(lineOf(err, offset, item), "%s item: %s", kind.Value, err.Error())
			if errors.Is(err, errBudget) {
				break // the rest would only repeat the error
			}
			continue
		}
		objs = append(objs, o)
	}
	return objs, errs
}

func newObject(d *Document, n *yaml.Node, c *converter) (*kube.Object, error) {
	data, err := c.convert(n)
	if err != nil {
		return nil, err
	}
	loc := kube.Location{File: d.File, Line: d.Line - 1 + n.Line, Column: n.Column}
	api, kind := kube.ResolveNode(mappingValue(n, "apiVersion")), kube.ResolveNode(mappingValue(n, "kind"))
	if c.metaEnd > c.metaStart && api != nil && kind != nil {
		// The head is read from the node and the metadata's own JSON: no
		// pass over the whole object just to learn its name.
		return kube.NewObjectWithHead(api.Value, kind.Value, data[c.metaStart:c.metaEnd], data, n, loc, d.Index, d.Line-1)
	}
	return kube.NewObject(data, n, loc, d.Index, d.Line-1)
}

// headError rejects an apiVersion or kind that is not a string, with the
// line of the value; a missing one is left to kube.NewObject to name.
func headError(n *yaml.Node) error {
	for _, key := range [...]string{"apiVersion", "kind"} {
		v := mappingValue(n, key)
		r := kube.ResolveNode(v)
		if r == nil || r.Kind == yaml.ScalarNode && r.ShortTag() == "!!null" {
			continue
		}
		if r.Kind != yaml.ScalarNode || r.ShortTag() != "!!str" || isPlainBool(r) {
			return &nodeError{line: v.Line, msg: fmt.Sprintf("%s is not a string", key)}
		}
	}
	return nil
}

func lineOf(err error, offset int, n *yaml.Node) int {
	var ne *nodeError
	if errors.As(err, &ne) && ne.line > 0 {
		return offset + ne.line
	}
	return offset + n.Line
}

// decodeOne parses the single YAML document in data. A second document is
// an error rather than silently dropped: it means a document boundary the
// splitter did not see (for example a marker behind a byte order mark).
// A parser panic on hostile input becomes an error: one bad file must not
// end a scan.
//
// The fast parser handles the plain YAML most manifests are written in and
// yields the same tree; anything else goes to yaml.v3, which also words
// every syntax error.
func decodeOne(data []byte, arena *yamlfast.Arena) (root *yaml.Node, err error) {
	defer func() {
		if v := recover(); v != nil {
			root, err = nil, fmt.Errorf("yaml: parser failed: %v", v)
		}
	}()
	if n, err := yamlfast.ParseIn(data, arena); err == nil {
		if n.Kind == 0 {
			return nil, nil // no document: only comments or blank lines
		}
		return n, nil
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if err == io.EOF {
			return nil, nil
		}
		return nil, err
	}
	var extra yaml.Node
	switch err := dec.Decode(&extra); {
	case err == io.EOF:
		return &doc, nil
	case err != nil:
		return nil, err
	}
	return nil, &nodeError{line: extra.Line, msg: "a second YAML document starts here; put \"---\" alone at the start of a line before it"}
}

// describeYAMLError turns a parser error into a document line and a
// message. The parser gives no line for bad bytes, so they are found here;
// a line past the end (an unclosed quote) is clamped to the last line.
func describeYAMLError(err error, data []byte) (int, string) {
	var ne *nodeError
	if errors.As(err, &ne) {
		return clampLine(ne.line, data), ne.msg
	}
	msg := err.Error()
	line := 0
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = strings.TrimSpace(msg[len(m[0]):])
	}
	if m := unknownAnchor.FindStringSubmatch(msg); line == 0 && m != nil {
		// the parser does not say where the alias is; the first use is
		if i := bytes.Index(data, []byte("*"+m[1])); i >= 0 {
			line = 1 + bytes.Count(data[:i], []byte("\n"))
		}
	}
	if line == 0 {
		if l, what := badByte(data); l > 0 {
			line = l
			msg += " (" + what + ")"
		}
	}
	return clampLine(line, data), msg
}

func clampLine(line int, data []byte) int {
	last := bytes.Count(data, []byte("\n"))
	if len(data) > 0 && data[len(data)-1] != '\n' {
		last++
	}
	return max(1, min(line, last))
}

// badByte finds the first byte YAML does not allow: invalid UTF-8 or a
// control character other than tab and line ends. It reports its line.
func badByte(data []byte) (line int, what string) {
	line = 1
	for i := 0; i < len(data); {
		c := data[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '\n':
				line++
			case c == 0:
				return line, "a NUL byte: is this a binary file?"
			case c < 0x20 && c != '\t' && c != '\r' || c == 0x7f:
				return line, fmt.Sprintf("control character 0x%02x", c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(data[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			return line, fmt.Sprintf("byte 0x%02x is not UTF-8; save the file as UTF-8", c)
		case r >= 0x80 && r <= 0x9f && r != 0x85, r == 0xfffe, r == 0xffff:
			return line, fmt.Sprintf("character %U is not allowed", r)
		}
		i += size
	}
	return 0, ""
}

func mappingValue(n *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}
