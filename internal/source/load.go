// Package source turns the user's inputs (files, directories, stdin, Helm
// charts, kustomizations) into a stream of YAML documents and parses them
// into objects with their provenance.
package source

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// DefaultMaxDocumentSize bounds one YAML document. etcd refuses objects over
// 1.5 MiB by default, so 16 MiB leaves room for any real manifest while
// keeping a hostile file from taking the machine's memory.
const DefaultMaxDocumentSize = 16 << 20

// InputKind says how an input is turned into documents.
type InputKind int

const (
	FileInput InputKind = iota
	StdinInput
	HelmInput
	KustomizeInput
)

func (k InputKind) String() string {
	return [...]string{"file", "stdin", "helm chart", "kustomization"}[k]
}

// Input is one thing to read.
type Input struct {
	Path string
	Kind InputKind
}

// HelmOptions are the values a chart is rendered with.
type HelmOptions struct {
	ValuesFiles []string // -f
	Set         []string // --set k=v
	Namespace   string
	ReleaseName string
}

// Options tune reading.
type Options struct {
	MaxDocumentSize int                                // 0 means DefaultMaxDocumentSize
	Wants           func(apiVersion, kind string) bool // documents worth a full parse; nil: all
	Helm            HelmOptions
	Stdin           io.Reader
}

// MaxSize is the document size limit in force.
func (o Options) MaxSize() int {
	if o.MaxDocumentSize > 0 {
		return o.MaxDocumentSize
	}
	return DefaultMaxDocumentSize
}

// Discover expands the command-line paths into inputs: "-" is stdin, a
// directory holding Chart.yaml is a chart and one holding a kustomization
// file is a kustomization (their files are not also read one by one), any
// other directory is walked for .yaml, .yml and .json files. Hidden
// directories are skipped. Paths that cannot be read come back as errors.
// Inputs are sorted by path.
func Discover(paths []string) ([]Input, []Error) {
	var inputs []Input
	var errs []Error
	Walk(paths, func(in Input) bool { inputs = append(inputs, in); return true }, func(e Error) { errs = append(errs, e) })
	sort.SliceStable(inputs, func(i, j int) bool { return inputs[i].Path < inputs[j].Path })
	return inputs, errs
}

// Walk is Discover handing over each input as soon as it is found, in the
// order of the walk, so that reading can start before a large tree has
// been walked. It stops when found returns false.
func Walk(paths []string, found func(Input) bool, failed func(Error)) {
	for _, p := range paths {
		if p == "-" {
			if !found(Input{Path: "-", Kind: StdinInput}) {
				return
			}
			continue
		}
		info, err := os.Stat(p)
		switch {
		case err != nil:
			failed(Error{File: p, Message: describeOpenError(err)})
		case !info.IsDir():
			if !found(Input{Path: p, Kind: FileInput}) {
				return
			}
		default:
			if !(walker{found, failed}).walk(p) {
				return
			}
		}
	}
}

func isManifestName(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".yaml", ".yml", ".json":
		return true
	}
	return false
}

// kustomizationNames are the file names kustomize itself recognises.
var kustomizationNames = []string{"kustomization.yaml", "kustomization.yml", "Kustomization"}

// walker hands over the inputs under a directory. It reads each directory
// once and tells charts and kustomizations by the names it lists, rather
// than asking for four files in every directory: a large repository has
// tens of thousands of directories.
type walker struct {
	found  func(Input) bool
	failed func(Error)
}

// walk hands over the inputs in dir; it returns false once found has.
// Hidden directories below dir are skipped: they hold tool state (.git,
// .github), not manifests.
func (w walker) walk(dir string) bool {
	entries, err := os.ReadDir(dir)
	if err != nil {
		// A directory that can be entered but not listed may still be a
		// chart or a kustomization.
		if kind, ok := dirKind(dir); ok {
			return w.found(Input{Path: dir, Kind: kind})
		}
		w.failed(Error{File: dir, Message: describeOpenError(err)})
		return true
	}
	if kind, ok := listedKind(dir, entries); ok {
		return w.found(Input{Path: dir, Kind: kind})
	}
	for _, e := range entries {
		name := e.Name()
		switch {
		case strings.HasPrefix(name, "."):
			// Hidden files in a walked directory are tool settings
			// (.kubeward.yaml, .gitlab-ci.yml, .pre-commit-config.yaml),
			// not manifests; a file named on the command line is read
			// whatever its name.
		case e.IsDir():
			if !w.walk(filepath.Join(dir, name)) {
				return false
			}
		case isManifestName(name):
			if !w.found(Input{Path: filepath.Join(dir, name), Kind: FileInput}) {
				return false
			}
		}
	}
	return true
}

// listedKind is dirKind told by a directory's listing, without asking
// for each file.
func listedKind(dir string, entries []fs.DirEntry) (InputKind, bool) {
	return kindOf(func(name string) bool {
		for _, e := range entries {
			if e.Name() != name {
				continue
			}
			switch t := e.Type(); {
			case t.IsRegular():
				return true
			case t.IsDir():
				return false
			default: // a link, say: whatever it leads to must be a file
				return fileExists(filepath.Join(dir, name))
			}
		}
		return false
	})
}

// dirKind tells whether dir is a chart or a kustomization by asking for
// their files.
func dirKind(dir string) (InputKind, bool) {
	return kindOf(func(name string) bool { return fileExists(filepath.Join(dir, name)) })
}

// kindOf tells a chart (Chart.yaml) from a kustomization by which of
// their files a directory has.
func kindOf(has func(name string) bool) (InputKind, bool) {
	if has("Chart.yaml") {
		return HelmInput, true
	}
	for _, n := range kustomizationNames {
		if has(n) {
			return KustomizeInput, true
		}
	}
	return FileInput, false
}

func fileExists(p string) bool {
	info, err := os.Stat(p)
	return err == nil && !info.IsDir()
}

func describeOpenError(err error) string {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "no such file or directory"
	case errors.Is(err, fs.ErrPermission):
		return "permission denied"
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// Read streams the input's documents to emit, in order. Rendering or
// reading failures come back as errors; documents read before a failure
// have already been emitted.
func (in Input) Read(opts Options, emit func(*Document)) []Error {
	switch in.Kind {
	case StdinInput:
		r := opts.Stdin
		if r == nil {
			r = os.Stdin
		}
		return splitAll(r, "<stdin>", opts, emit)
	case HelmInput:
		files, err := renderChart(in.Path, opts.Helm)
		if err != nil {
			return []Error{{File: in.Path, Message: err.Error()}}
		}
		return splitRendered(files, opts, emit)
	case KustomizeInput:
		files, err := buildKustomization(in.Path)
		if err != nil {
			return []Error{{File: in.Path, Message: err.Error()}}
		}
		return splitRendered(files, opts, emit)
	}
	f, err := os.Open(in.Path)
	if err != nil {
		return []Error{{File: in.Path, Message: describeOpenError(err)}}
	}
	defer f.Close()
	return splitAll(f, in.Path, opts, emit)
}

// renderedFile is one output file of a chart or kustomization: its name is
// what findings point at.
type renderedFile struct {
	name string
	data []byte
}

func splitRendered(files []renderedFile, opts Options, emit func(*Document)) []Error {
	var errs []Error
	for _, f := range files {
		errs = append(errs, splitAll(bytes.NewReader(f.data), f.name, opts, emit)...)
	}
	return errs
}

func splitAll(r io.Reader, name string, opts Options, emit func(*Document)) []Error {
	s := newSplitter(r, name, opts.MaxSize(), opts.Wants)
	for {
		d, err := s.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return []Error{{File: name, Line: s.line, Message: fmt.Sprintf("read failed: %v", errors.Unwrap(err))}}
		}
		emit(d)
	}
}
