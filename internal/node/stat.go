package node

import (
	"fmt"
	"io/fs"
	"path"
	"strconv"
	"strings"
)

// Ownership is the owner of a file as numeric IDs. A test file system
// (fstest.MapFile.Sys) carries it to say who owns a file; on a real file
// system the owner comes from the platform's stat result.
type Ownership struct {
	UID, GID int
}

// FileInfo is what the benchmark needs to know about one file.
type FileInfo struct {
	Path  string      // absolute path on the node
	Mode  fs.FileMode // permission bits only
	IsDir bool
	UID   int
	GID   int
	Owner string // user name from /etc/passwd, or the UID when unknown
	Group string // group name from /etc/group, or the GID when unknown
}

// OwnerString renders owner and group as user:group.
func (f FileInfo) OwnerString() string { return f.Owner + ":" + f.Group }

// ModeString renders the permission bits in octal, e.g. "600".
func (f FileInfo) ModeString() string { return fmt.Sprintf("%o", f.Mode.Perm()) }

// Stat returns the mode and owner of a path on the node.
func (s *Snapshot) Stat(p string) (FileInfo, error) {
	fi, err := fs.Stat(s.fsys, rel(p))
	if err != nil {
		return FileInfo{}, pathError(p, err)
	}
	return s.info(path.Clean("/"+p), fi)
}

func (s *Snapshot) info(p string, fi fs.FileInfo) (FileInfo, error) {
	uid, gid, ok := ownerOf(fi.Sys())
	if !ok {
		return FileInfo{}, fmt.Errorf("%s: the file system does not report file owners", p)
	}
	s.idsOnce.Do(s.loadIDs)
	out := FileInfo{Path: p, Mode: fi.Mode().Perm(), IsDir: fi.IsDir(), UID: uid, GID: gid,
		Owner: nameOr(s.users, uid), Group: nameOr(s.groups, gid)}
	return out, nil
}

// ownerOf reads the owner from a FileInfo's Sys value.
func ownerOf(sys any) (uid, gid int, ok bool) {
	switch v := sys.(type) {
	case Ownership:
		return v.UID, v.GID, true
	case *Ownership:
		return v.UID, v.GID, true
	}
	return platformOwner(sys)
}

func nameOr(names map[int]string, id int) string {
	if n, ok := names[id]; ok {
		return n
	}
	if id == 0 {
		return "root" // ID 0 is root on every Linux, named or not
	}
	return strconv.Itoa(id)
}

// loadIDs reads user and group names from the node's own /etc/passwd and
// /etc/group, not the scanner's: in a container they differ.
func (s *Snapshot) loadIDs() {
	s.users = parseIDFile(s.ReadFile("/etc/passwd"))
	s.groups = parseIDFile(s.ReadFile("/etc/group"))
}

// parseIDFile reads name:x:id:... lines; unreadable files give no names,
// and owners are then shown as numbers.
func parseIDFile(b []byte, err error) map[int]string {
	out := map[int]string{}
	if err != nil {
		return out
	}
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.SplitN(line, ":", 4)
		if len(f) < 3 || strings.HasPrefix(f[0], "#") {
			continue
		}
		id, err := strconv.Atoi(f[2])
		if err != nil {
			continue
		}
		if _, dup := out[id]; !dup { // the first entry wins, as in getpwuid
			out[id] = f[0]
		}
	}
	return out
}

// Walk calls fn for dir and every file and directory below it, in lexical
// order. An entry that cannot be read is passed to fn as an error.
func (s *Snapshot) Walk(dir string, fn func(FileInfo, error) error) error {
	root := path.Clean("/" + dir)
	return fs.WalkDir(s.fsys, rel(root), func(p string, d fs.DirEntry, err error) error {
		abs := "/" + p
		if p == "." {
			abs = "/"
		}
		if err != nil {
			return fn(FileInfo{Path: abs}, pathError(abs, err))
		}
		fi, err := d.Info()
		if err != nil {
			return fn(FileInfo{Path: abs}, pathError(abs, err))
		}
		info, err := s.info(abs, fi)
		return fn(info, err)
	})
}
