// Package node reads what a CIS node benchmark needs from one node: its
// processes, their command lines and environment, component config files,
// and the mode and owner of files. Everything is read through an fs.FS
// rooted at the node's "/" (--root), so a DaemonSet can read the host
// mounted at /host and tests can use an in-memory file system; nothing is
// executed.
package node

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"
	"sync"
)

// MaxFileSize bounds what is read of any one file (config files, static
// pod manifests, /proc entries): node files are small, and a huge or
// endless file must not exhaust memory.
const MaxFileSize = 4 << 20

// Snapshot is a read-only view of one node.
type Snapshot struct {
	fsys fs.FS
	root string // where the node's "/" is, for messages only

	idsOnce sync.Once
	users   map[int]string
	groups  map[int]string
}

// New returns a snapshot of the node whose "/" is fsys. root names that
// directory in messages ("/" or "/host").
func New(fsys fs.FS, root string) *Snapshot {
	return &Snapshot{fsys: fsys, root: root}
}

// Root is the directory the snapshot reads the node from.
func (s *Snapshot) Root() string { return s.root }

// rel turns an absolute node path into an fs.FS path.
func rel(p string) string {
	p = strings.TrimPrefix(path.Clean("/"+p), "/")
	if p == "" {
		return "."
	}
	return p
}

// ReadFile reads a file by its absolute path on the node, at most
// MaxFileSize bytes.
func (s *Snapshot) ReadFile(p string) ([]byte, error) {
	f, err := s.fsys.Open(rel(p))
	if err != nil {
		return nil, pathError(p, err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, pathError(p, err)
	}
	if len(b) > MaxFileSize {
		return nil, fmt.Errorf("%s: larger than %d bytes", p, MaxFileSize)
	}
	return b, nil
}

// Exists reports whether a path exists on the node; an error other than
// "does not exist" (permission denied) is returned as is.
func (s *Snapshot) Exists(p string) (bool, error) {
	_, err := fs.Stat(s.fsys, rel(p))
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, fs.ErrNotExist):
		return false, nil
	}
	return false, pathError(p, err)
}

// ReadDir lists a directory by its absolute node path, sorted by name.
func (s *Snapshot) ReadDir(p string) ([]fs.DirEntry, error) {
	es, err := fs.ReadDir(s.fsys, rel(p))
	if err != nil {
		return nil, pathError(p, err)
	}
	return es, nil
}

// pathError names the node path in an error instead of the fs.FS one, so
// messages say /etc/kubernetes/admin.conf whatever --root is.
func pathError(p string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return &fs.PathError{Op: pe.Op, Path: p, Err: pe.Err}
	}
	return err
}
