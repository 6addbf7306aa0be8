package source

import (
	"bytes"
	"fmt"
	"path/filepath"

	"go.yaml.in/yaml/v3"
	"sigs.k8s.io/kustomize/api/krusty"
	"sigs.k8s.io/kustomize/api/resource"
	"sigs.k8s.io/kustomize/api/types"
	"sigs.k8s.io/kustomize/kyaml/filesys"
)

// buildKustomization builds the kustomization in dir as `kustomize build`
// does with default options: plugins off, files loaded only from inside the
// kustomization root. Remote bases are fetched as kustomize itself would.
//
// Resources are grouped by the file they came from, using kustomize's own
// origin tracking: each group is one renderedFile named
// "<origin file> (kustomize build <dir>)", e.g.
// "deploy/base/deployment.yaml (kustomize build deploy/overlays/prod)", in
// the order kustomize emits them. The text is the built YAML of those
// resources (after patches, prefixes and namespaces), so a finding's line is
// a line of the build output for that file, and the suffix says so; it also
// tells apart the same base built by two overlays.
func buildKustomization(dir string) ([]renderedFile, error) {
	disk := filesys.MakeFsOnDisk()
	fsys, injected, err := withOriginTracking(disk, dir)
	if err != nil {
		return nil, err
	}
	m, err := krusty.MakeKustomizer(krusty.MakeDefaultOptions()).Run(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("kustomize build: %w", err)
	}

	suffix := " (kustomize build " + dir + ")"
	var files []renderedFile
	index := map[string]int{}
	for _, r := range m.Resources() {
		origin, err := r.GetOrigin()
		if err != nil {
			return nil, fmt.Errorf("kustomize build: resource %s: %w", r.CurId(), err)
		}
		name := originFile(dir, origin) + suffix
		if injected {
			// The annotation exists only because origin tracking was turned
			// on here; it is not part of what the user deploys.
			if err := r.SetOrigin(nil); err != nil {
				return nil, fmt.Errorf("kustomize build: resource %s: %w", r.CurId(), err)
			}
		}
		y, err := r.AsYAML()
		if err != nil {
			return nil, fmt.Errorf("kustomize build: resource %s: %w", r.CurId(), err)
		}
		i, ok := index[name]
		if !ok {
			i = len(files)
			index[name] = i
			files = append(files, renderedFile{name: name})
		} else {
			files[i].data = append(files[i].data, "---\n"...)
		}
		files[i].data = append(files[i].data, y...)
	}
	return files, nil
}

// originFile names the file a resource was read from, as the user would
// reach it from the current directory. Generated resources point at the
// kustomization that configured them; remote ones at their repository.
func originFile(dir string, o *resource.Origin) string {
	if o == nil {
		return kustomizationFile(dir)
	}
	p := o.Path
	if p == "" {
		p = o.ConfiguredIn
	}
	if o.Repo != "" {
		s := o.Repo + "//" + p
		if o.Ref != "" {
			s += "?ref=" + o.Ref
		}
		return s
	}
	if p == "" {
		return kustomizationFile(dir)
	}
	return filepath.Join(dir, filepath.FromSlash(p))
}

func kustomizationFile(dir string) string {
	for _, n := range kustomizationNames {
		if fileExists(filepath.Join(dir, n)) {
			return filepath.Join(dir, n)
		}
	}
	return filepath.Join(dir, kustomizationNames[0])
}

// originFS is the disk as kustomize sees it, except that the root
// kustomization asks for origin annotations. Kustomize only tracks origins
// when the root kustomization lists them in buildMetadata and has no option
// for it, so the user's file is amended in memory, never on disk.
type originFS struct {
	filesys.FileSystem
	path string // absolute path of the root kustomization file
	data []byte // its amended content
}

func (f originFS) ReadFile(path string) ([]byte, error) {
	if path == f.path {
		return bytes.Clone(f.data), nil
	}
	return f.FileSystem.ReadFile(path)
}

// withOriginTracking returns a file system on which the kustomization in
// dir has originAnnotations in its buildMetadata, and whether that had to be
// added. When the kustomization cannot be read or amended, the disk is
// returned unchanged and kustomize reports the problem itself.
func withOriginTracking(disk filesys.FileSystem, dir string) (filesys.FileSystem, bool, error) {
	root, err := filesys.ConfirmDir(disk, dir)
	if err != nil {
		return disk, false, nil
	}
	var found []string
	for _, n := range kustomizationNames {
		if disk.Exists(root.Join(n)) {
			found = append(found, root.Join(n))
		}
	}
	if len(found) != 1 {
		return disk, false, nil
	}
	data, err := disk.ReadFile(found[0])
	if err != nil {
		return disk, false, nil
	}
	amended, added, err := addOriginAnnotations(data)
	if err != nil || !added {
		return disk, false, nil
	}
	return originFS{FileSystem: disk, path: found[0], data: amended}, true, nil
}

// addOriginAnnotations adds originAnnotations to a kustomization's
// buildMetadata, leaving every other field as written.
func addOriginAnnotations(data []byte) ([]byte, bool, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, false, err
	}
	if doc.Kind == 0 { // empty file
		doc = yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{{Kind: yaml.MappingNode}}}
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, false, fmt.Errorf("kustomization is not a mapping")
	}
	m := doc.Content[0]
	entry := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: types.OriginAnnotations}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value != "buildMetadata" {
			continue
		}
		v := m.Content[i+1]
		if v.Kind != yaml.SequenceNode {
			return nil, false, fmt.Errorf("buildMetadata is not a list")
		}
		for _, e := range v.Content {
			if e.Value == types.OriginAnnotations {
				return nil, false, nil
			}
		}
		v.Style = 0
		v.Content = append(v.Content, entry)
		out, err := yaml.Marshal(&doc)
		return out, err == nil, err
	}
	m.Content = append(m.Content,
		&yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: "buildMetadata"},
		&yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Content: []*yaml.Node{entry}})
	out, err := yaml.Marshal(&doc)
	return out, err == nil, err
}
