// Package kube holds the object model every kubeward mode shares: an object
// read from a file or a cluster, where it came from, and typed views of it.
package kube

import (
	"fmt"
	"reflect"
	"unique"

	"go.yaml.in/yaml/v3"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// Ref names an object the way a user would look it up. Cluster and
// ResourceVersion are set only for objects read from a live cluster: the
// kubeconfig context (or "in-cluster") and the version of the object that
// was evaluated, so a finding can be matched to what the API served.
type Ref struct {
	APIVersion      string `json:"apiVersion"`
	Kind            string `json:"kind"`
	Namespace       string `json:"namespace,omitempty"`
	Name            string `json:"name"`
	Cluster         string `json:"cluster,omitempty"`
	ResourceVersion string `json:"resourceVersion,omitempty"`
}

// String renders the ref as Kind/namespace/name, the form used in tables and logs.
func (r Ref) String() string {
	if r.Namespace == "" {
		return r.Kind + "/" + r.Name
	}
	return r.Kind + "/" + r.Namespace + "/" + r.Name
}

// Location is a position in an input file. Line and Column are 1-based; zero
// means unknown. An object read from a cluster has no file: Object then
// names it by its API path, as `kubectl get --raw` takes it.
type Location struct {
	File   string `json:"file,omitempty"`
	Line   int    `json:"line,omitempty"`
	Column int    `json:"column,omitempty"`
	Object string `json:"object,omitempty"`
}

func (l Location) String() string {
	switch {
	case l.File == "":
		return "" // a cluster object: its Ref names it better than its API path
	case l.Line == 0:
		return l.File
	default:
		return fmt.Sprintf("%s:%d", l.File, l.Line)
	}
}

// Object is one Kubernetes object with its provenance. JSON is the object's
// content; Node, when the object came from YAML, is its mapping node so that
// field paths resolve to lines.
type Object struct {
	Ref
	Meta     metav1.ObjectMeta
	Location Location // where the object starts
	Document int      // 0-based index of the YAML document in its file
	// LineOffset is added to a line of Node to get the line in the file:
	// documents are parsed on their own, so node lines start at 1.
	LineOffset int
	JSON       []byte
	Node       *yaml.Node
	// Admission is set only for objects in an admission request: the
	// operation, the requesting user and the old object (AdmissionInfo).
	Admission *AdmissionInfo

	workload     *Workload
	workloadErr  error
	decoded      bool
	decodedViews map[reflect.Type]decodedView
	subjects     map[reflect.Type]decodedView // check subjects by view type
	shell        *Object                      // see Shell
}

// Shell returns a copy of what reports and exceptions need of the object
// (ref, metadata, location), without its content: what outlives the
// object's evaluation keeps this rather than the object. It is made once
// and shared by every holder.
func (o *Object) Shell() *Object {
	if o.shell == nil {
		o.shell = &Object{Ref: o.Ref, Meta: o.Meta, Location: o.Location, Document: o.Document}
		o.shell.shell = o.shell
	}
	return o.shell
}

// NewObject builds an Object from the JSON form of a manifest. It fills the
// Ref and metadata; it fails when apiVersion or kind is missing.
func NewObject(data []byte, node *yaml.Node, loc Location, doc, lineOffset int) (*Object, error) {
	var head struct {
		APIVersion string            `json:"apiVersion"`
		Kind       string            `json:"kind"`
		Metadata   metav1.ObjectMeta `json:"metadata"`
	}
	if err := UnmarshalJSON(data, &head); err != nil {
		return nil, fmt.Errorf("decode object: %w", err)
	}
	return newObject(head.APIVersion, head.Kind, head.Metadata, data, node, loc, doc, lineOffset)
}

// NewObjectWithHead builds an Object whose apiVersion and kind are already
// known and whose metadata is given as its own JSON, which saves decoding
// the whole object.
func NewObjectWithHead(apiVersion, kind string, metadata, data []byte, node *yaml.Node, loc Location, doc, lineOffset int) (*Object, error) {
	var meta metav1.ObjectMeta
	if err := UnmarshalJSON(metadata, &meta); err != nil {
		return nil, fmt.Errorf("decode object: metadata: %w", err)
	}
	return newObject(apiVersion, kind, meta, data, node, loc, doc, lineOffset)
}

func newObject(apiVersion, kind string, meta metav1.ObjectMeta, data []byte, node *yaml.Node, loc Location, doc, lineOffset int) (*Object, error) {
	switch {
	case apiVersion == "" && kind == "":
		return nil, fmt.Errorf("object has no apiVersion and no kind")
	case apiVersion == "":
		return nil, fmt.Errorf("%s object has no apiVersion", kind)
	case kind == "":
		return nil, fmt.Errorf("object (apiVersion %s) has no kind", apiVersion)
	}
	return &Object{
		Ref: Ref{
			// Interned: the parser's strings point into the whole
			// document, which every finding's ref would keep alive, and
			// there are few distinct values.
			APIVersion: unique.Make(apiVersion).Value(), Kind: unique.Make(kind).Value(),
			Namespace: meta.Namespace, Name: meta.Name,
		},
		Meta:       meta,
		Location:   loc,
		Document:   doc,
		LineOffset: lineOffset,
		JSON:       data,
		Node:       node,
	}, nil
}

// Group returns the API group of the object ("" for the core group).
func (o *Object) Group() string {
	for i := 0; i < len(o.APIVersion); i++ {
		if o.APIVersion[i] == '/' {
			return o.APIVersion[:i]
		}
	}
	return ""
}

// Locate resolves a field path to the position of that field in the input,
// falling back to the deepest ancestor that exists and then to the object.
func (o *Object) Locate(path string) Location {
	loc := o.Location
	if o.Node == nil || path == "" {
		return loc
	}
	if line, col, ok := LocatePath(o.Node, path); ok {
		loc.Line = o.LineOffset + line
		loc.Column = col
	}
	return loc
}
