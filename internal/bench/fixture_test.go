package bench

import (
	"bytes"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/tools/txtar"

	"github.com/kubeward/kubeward/internal/node"
)

var update = flag.Bool("update", false, "rewrite the want sections of testdata/nodes/*.txtar from the results")

// A fixture node is a txtar archive: each file section is a file of the
// node's "/" (with optional "mode=600 owner=UID:GID denied" after the
// name; a name ending in / is a directory; parents default to 755
// root:root, files to 644 root:root), the comment holds
// "benchmark: NAME" (the benchmark auto-selection must pick), and the
// "want" section lists every result as "ID STATUS reason".
type fixture struct {
	name      string
	benchmark string
	fsys      fs.FS
	want      string
	archive   *txtar.Archive
}

func loadFixture(t testing.TB, file string) *fixture {
	t.Helper()
	a, err := txtar.ParseFile(file)
	if err != nil {
		t.Fatal(err)
	}
	fx := &fixture{name: strings.TrimSuffix(filepath.Base(file), ".txtar"), archive: a}
	for _, line := range strings.Split(string(a.Comment), "\n") {
		if v, ok := strings.CutPrefix(line, "benchmark: "); ok {
			fx.benchmark = strings.TrimSpace(v)
		}
	}
	m := fstest.MapFS{}
	denied := map[string]bool{}
	for _, f := range a.Files {
		if f.Name == "want" {
			fx.want = string(f.Data)
			continue
		}
		fields := strings.Fields(f.Name)
		name := fields[0]
		mf := &fstest.MapFile{Data: f.Data, Mode: 0o644, Sys: node.Ownership{}}
		if strings.HasSuffix(name, "/") {
			name = strings.TrimSuffix(name, "/")
			mf.Mode, mf.Data = fs.ModeDir|0o755, nil
		}
		for _, attr := range fields[1:] {
			k, v, _ := strings.Cut(attr, "=")
			switch k {
			case "mode":
				n, err := strconv.ParseUint(v, 8, 32)
				if err != nil {
					t.Fatalf("%s: %s: %v", file, f.Name, err)
				}
				mf.Mode = mf.Mode&fs.ModeDir | fs.FileMode(n)
			case "owner":
				u, g, _ := strings.Cut(v, ":")
				uid, err1 := strconv.Atoi(u)
				gid, err2 := strconv.Atoi(g)
				if err1 != nil || err2 != nil {
					t.Fatalf("%s: %s: bad owner %q", file, f.Name, v)
				}
				mf.Sys = node.Ownership{UID: uid, GID: gid}
			case "denied":
				denied[name] = true
			default:
				t.Fatalf("%s: %s: unknown attribute %q", file, f.Name, attr)
			}
		}
		if base := path.Base(name); strings.HasPrefix(name, "proc/") && (base == "cmdline" || base == "environ") {
			// One argument per line in the fixture; NUL-separated on a node.
			mf.Data = bytes.ReplaceAll(mf.Data, []byte("\n"), []byte{0})
		}
		m[name] = mf
		for dir := path.Dir(name); dir != "."; dir = path.Dir(dir) {
			if _, ok := m[dir]; !ok {
				m[dir] = &fstest.MapFile{Mode: fs.ModeDir | 0o755, Sys: node.Ownership{}}
			}
		}
	}
	fx.fsys = m
	if len(denied) > 0 {
		fx.fsys = deniedFS{m, denied}
	}
	return fx
}

// deniedFS answers permission denied for some paths, as a host does for
// files the scanner's user may not read.
type deniedFS struct {
	fs.FS
	denied map[string]bool
}

func (d deniedFS) Open(name string) (fs.File, error) {
	if d.denied[name] {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
	}
	return d.FS.Open(name)
}

// run evaluates a fixture the way `kubeward bench` does with no options.
func (fx *fixture) run(t testing.TB) (Selection, []Result) {
	t.Helper()
	snap := node.New(fx.fsys, "/")
	det := Detect(snap)
	sel, err := Select(det.Distribution, MinorOf(det.Version))
	if err != nil {
		t.Fatal(err)
	}
	b, err := Load(sel.Name)
	if err != nil {
		t.Fatal(err)
	}
	rs, _, err := Run(b, Discover(b, snap), Options{})
	if err != nil {
		t.Fatal(err)
	}
	return sel, rs
}

func formatResults(rs []Result) string {
	var b strings.Builder
	for _, r := range rs {
		fmt.Fprintf(&b, "%s %s %s\n", r.Check.ID, r.Status, r.Reason)
	}
	return b.String()
}

func fixtureFiles(t testing.TB) []string {
	files, err := filepath.Glob("testdata/nodes/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	return files
}

// TestFixtureNodes runs the benchmark on every fixture node and compares
// every result, status and message, with the fixture's want section: a
// missing, an unexpected and a different result all fail.
func TestFixtureNodes(t *testing.T) {
	for _, file := range fixtureFiles(t) {
		fx := loadFixture(t, file)
		t.Run(fx.name, func(t *testing.T) {
			sel, rs := fx.run(t)
			if sel.Name != fx.benchmark {
				t.Errorf("selected benchmark %s (%s), want %s", sel.Name, sel.Reason, fx.benchmark)
			}
			got := formatResults(rs)
			if *update {
				for i, f := range fx.archive.Files {
					if f.Name == "want" {
						fx.archive.Files[i].Data = []byte(got)
					}
				}
				if err := os.WriteFile(file, txtar.Format(fx.archive), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if got != fx.want {
				t.Errorf("results differ from the want section (go test -update rewrites it):\n%s", lineDiff(fx.want, got))
			}
		})
	}
}

func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	inW, inG := map[string]bool{}, map[string]bool{}
	for _, l := range w {
		inW[l] = true
	}
	for _, l := range g {
		inG[l] = true
	}
	var b bytes.Buffer
	for _, l := range w {
		if !inG[l] {
			fmt.Fprintf(&b, "- %s\n", l)
		}
	}
	for _, l := range g {
		if !inW[l] {
			fmt.Fprintf(&b, "+ %s\n", l)
		}
	}
	return b.String()
}
