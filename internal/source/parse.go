package source

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/kubeward/kubeward/internal/kube"
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

var yamlLine = regexp.MustCompile(`^yaml: (?:line (\d+): )?`)

// Parse decodes one document into objects: one, or one per item of a List.
// Problems come back as Errors naming the file line; objects that decoded
// are returned alongside them.
func Parse(d *Document, maxBytes int) (objs []*kube.Object, errs []Error) {
	fail := func(line int, format string, args ...any) {
		errs = append(errs, Error{File: d.File, Line: line, Message: fmt.Sprintf(format, args...)})
	}
	if d.Err != nil {
		fail(d.Line, "%v", d.Err)
		return nil, errs
	}
	offset := d.Line - 1
	var root yaml.Node
	if err := unmarshalGuarded(d.Data, &root); err != nil {
		line, msg := yamlErrorLine(err)
		if line == 0 {
			line = 1
		}
		fail(offset+line, "invalid YAML: %s", msg)
		return nil, errs
	}
	n := kube.ResolveNode(&root)
	if n == nil || n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" {
		return nil, nil // a document of comments only
	}
	if n.Kind != yaml.MappingNode {
		fail(offset+n.Line, "document is not a Kubernetes object (a YAML mapping with apiVersion and kind)")
		return nil, nil
	}
	obj, err := newObject(d, n, maxBytes)
	if err != nil {
		fail(lineOf(err, offset, n), "%s", err.Error())
		return nil, errs
	}
	items := mappingValue(n, "items")
	if !isListKind(obj.Kind) || items == nil {
		return []*kube.Object{obj}, nil
	}
	if items = kube.ResolveNode(items); items.Kind != yaml.SequenceNode {
		return []*kube.Object{obj}, nil
	}
	for _, item := range items.Content {
		item = kube.ResolveNode(item)
		if item == nil || item.Kind != yaml.MappingNode {
			fail(offset+n.Line, "%s has an item that is not an object", obj.Kind)
			continue
		}
		o, err := newObject(d, item, maxBytes)
		if err != nil {
			fail(lineOf(err, offset, item), "%s item: %s", obj.Kind, err.Error())
			continue
		}
		objs = append(objs, o)
	}
	return objs, errs
}

func newObject(d *Document, n *yaml.Node, maxBytes int) (*kube.Object, error) {
	data, err := toJSON(n, maxBytes)
	if err != nil {
		return nil, err
	}
	loc := kube.Location{File: d.File, Line: d.Line - 1 + n.Line, Column: n.Column}
	return kube.NewObject(data, n, loc, d.Index, d.Line-1)
}

func lineOf(err error, offset int, n *yaml.Node) int {
	var ne *nodeError
	if errors.As(err, &ne) && ne.line > 0 {
		return offset + ne.line
	}
	return offset + n.Line
}

// unmarshalGuarded parses YAML, turning a parser panic on hostile input into
// an error: one bad file must not end a scan.
func unmarshalGuarded(data []byte, n *yaml.Node) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("yaml: parser failed: %v", v)
		}
	}()
	return yaml.Unmarshal(data, n)
}

// yamlErrorLine pulls the line number out of a YAML parser error.
func yamlErrorLine(err error) (int, string) {
	msg := err.Error()
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		return line, strings.TrimSpace(msg[len(m[0]):])
	}
	return 0, msg
}

func mappingValue(n *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}
