package node

import (
	"errors"
	"io/fs"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
)

func TestParseFlags(t *testing.T) {
	got := ParseFlags([]string{"server", "--a=1", "--b", "two", "-c", "--d", "--pod-max-pids", "-1", "--a=3", "--", "--x"})
	want := Flags{
		List: []Flag{
			{Name: "a", Value: "1"}, {Name: "b", Value: "two"}, {Name: "c", Value: "true", Bare: true},
			{Name: "d", Value: "true", Bare: true}, {Name: "pod-max-pids", Value: "-1"}, {Name: "a", Value: "3"},
		},
		Positional: []string{"server", "--x"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("ParseFlags =\n%+v\nwant\n%+v", got, want)
	}
	if f, ok := got.Lookup("--a"); !ok || f.Value != "3" {
		t.Errorf("Lookup(--a) = %+v, %v; want the last value 3", f, ok)
	}
	if _, ok := got.Lookup("missing"); ok {
		t.Error("Lookup(missing) found a flag")
	}
	if all := got.All("a"); !reflect.DeepEqual(all, []string{"1", "3"}) {
		t.Errorf("All(a) = %q", all)
	}
}

func testFS() fstest.MapFS {
	root := Ownership{UID: 0, GID: 0}
	return fstest.MapFS{
		"etc/passwd":            {Data: []byte("root:x:0:0:root:/root:/bin/sh\netcd:x:996:996::/var/lib/etcd:/sbin/nologin\n")},
		"etc/group":             {Data: []byte("root:x:0:\netcd:x:996:\n")},
		"etc/kubernetes/a.conf": {Data: []byte("x"), Mode: 0o644, Sys: root},
		"var/lib/etcd":          {Mode: fs.ModeDir | 0o700, Sys: &Ownership{UID: 996, GID: 996}},
		"var/lib/etcd/member":   {Mode: fs.ModeDir | 0o700, Sys: Ownership{UID: 1000, GID: 5}},
		"proc/1/cmdline":        {Data: []byte("/sbin/init\x00")},
		"proc/412/cmdline":      {Data: []byte("/usr/bin/kube-apiserver\x00--profiling=false\x00")},
		"proc/412/environ":      {Data: []byte("A=1\x00ETCD_X=y=z\x00")},
		"proc/7/cmdline":        {Data: []byte("")},
		"proc/self":             {Data: []byte("")},
		"var/lib/kubelet/config.yaml": {Data: []byte(`
authentication: {anonymous: {enabled: true}, webhook: {enabled: true}}
readOnlyPort: 10255
clusterDNS: [10.0.0.10, 10.0.0.11]
`)},
		"etc/kubernetes/kubelet.conf.d/20-b.conf":    {Data: []byte(`{"readOnlyPort": 0, "clusterDNS": ["10.0.0.12"]}`)},
		"etc/kubernetes/kubelet.conf.d/10-a.conf":    {Data: []byte("authentication:\n  anonymous:\n    enabled: false\n")},
		"etc/kubernetes/kubelet.conf.d/ignored.yaml": {Data: []byte("readOnlyPort: 1")},
	}
}

func TestStatNamesOwnersFromTheNode(t *testing.T) {
	s := New(testFS(), "/host")
	fi, err := s.Stat("/etc/kubernetes/a.conf")
	if err != nil {
		t.Fatal(err)
	}
	if fi.ModeString() != "644" || fi.OwnerString() != "root:root" || fi.Path != "/etc/kubernetes/a.conf" {
		t.Errorf("Stat = %+v (mode %s, owner %s)", fi, fi.ModeString(), fi.OwnerString())
	}
	var walked []string
	err = s.Walk("/var/lib/etcd", func(fi FileInfo, err error) error {
		if err != nil {
			return err
		}
		walked = append(walked, fi.Path+" "+fi.ModeString()+" "+fi.OwnerString())
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"/var/lib/etcd 700 etcd:etcd", "/var/lib/etcd/member 700 1000:5"}
	if !reflect.DeepEqual(walked, want) {
		t.Errorf("Walk = %q, want %q", walked, want)
	}
	_, err = s.Stat("/nope")
	if !errors.Is(err, fs.ErrNotExist) || !strings.HasSuffix(err.Error(), " /nope: file does not exist") {
		t.Errorf("Stat(/nope) error = %v", err)
	}
}

func TestStatWithoutOwnerIsAnError(t *testing.T) {
	s := New(fstest.MapFS{"f": {Data: []byte("x")}}, "/")
	if _, err := s.Stat("/f"); err == nil || err.Error() != "/f: the file system does not report file owners" {
		t.Errorf("Stat error = %v", err)
	}
}

func TestProcesses(t *testing.T) {
	s := New(testFS(), "/")
	ps, err := s.Processes()
	if err != nil {
		t.Fatal(err)
	}
	want := []Process{{PID: 1, Argv: []string{"/sbin/init"}}, {PID: 412, Argv: []string{"/usr/bin/kube-apiserver", "--profiling=false"}}}
	if !reflect.DeepEqual(ps, want) {
		t.Fatalf("Processes = %+v", ps)
	}
	if ps[1].Name() != "kube-apiserver" {
		t.Errorf("Name = %q", ps[1].Name())
	}
	env, err := s.Environ(412)
	if err != nil || !reflect.DeepEqual(env, map[string]string{"A": "1", "ETCD_X": "y=z"}) {
		t.Errorf("Environ = %v, %v", env, err)
	}
}

func TestLoadConfigMergesDropInsLikeTheKubelet(t *testing.T) {
	s := New(testFS(), "/")
	c, err := s.LoadConfig("/var/lib/kubelet/config.yaml", "/etc/kubernetes/kubelet.conf.d")
	if err != nil {
		t.Fatal(err)
	}
	wantFiles := []string{"/var/lib/kubelet/config.yaml", "/etc/kubernetes/kubelet.conf.d/10-a.conf", "/etc/kubernetes/kubelet.conf.d/20-b.conf"}
	if !reflect.DeepEqual(c.Files(), wantFiles) {
		t.Errorf("Files = %q", c.Files())
	}
	for _, tc := range []struct {
		key  string
		want []any
		file string
	}{
		{"authentication.anonymous.enabled", []any{false}, "/etc/kubernetes/kubelet.conf.d/10-a.conf"},
		{"authentication.webhook.enabled", []any{true}, "/var/lib/kubelet/config.yaml"}, // sibling kept
		{"readOnlyPort", []any{0}, "/etc/kubernetes/kubelet.conf.d/20-b.conf"},
		{"clusterDNS", []any{[]any{"10.0.0.12"}}, "/etc/kubernetes/kubelet.conf.d/20-b.conf"}, // lists replaced
		{"clusterDNS[1]", nil, ""},
	} {
		got, file, ok, err := c.Lookup(tc.key)
		if err != nil || !reflect.DeepEqual(got, tc.want) || file != tc.file || ok != (tc.want != nil) {
			t.Errorf("Lookup(%s) = %v, %q, %v, %v; want %v from %q", tc.key, got, file, ok, err, tc.want, tc.file)
		}
	}
}

func TestSelect(t *testing.T) {
	data, err := ParseConfig([]byte(`
resources:
- resources: [secrets]
  providers: [{aescbc: {keys: []}}, {identity: {}}]
- resources: [configmaps]
  providers: [{identity: {}}]
`))
	if err != nil {
		t.Fatal(err)
	}
	got, ok, err := Select(data, "resources[*].providers[0]")
	want := []any{map[string]any{"aescbc": map[string]any{"keys": []any{}}}, map[string]any{"identity": map[string]any{}}}
	if err != nil || !ok || !reflect.DeepEqual(got, want) {
		t.Errorf("Select = %v, %v, %v", got, ok, err)
	}
	for _, bad := range []string{"", "a..b", "a[", "a[x]", "a[]", "a[1]b"} {
		if ValidKeyPath(bad) == nil {
			t.Errorf("ValidKeyPath(%q) accepted a bad path", bad)
		}
	}
}

func TestParseStaticPod(t *testing.T) {
	p, err := ParseStaticPod([]byte(`apiVersion: v1
kind: Pod
metadata: {name: kube-apiserver}
spec:
  containers:
  - image: registry.k8s.io/kube-apiserver:v1.33.2
    command: [kube-apiserver, --profiling=false]
    args: [--anonymous-auth=false]
`))
	want := StaticPod{Name: "kube-apiserver", Image: "registry.k8s.io/kube-apiserver:v1.33.2",
		Argv: []string{"kube-apiserver", "--profiling=false", "--anonymous-auth=false"}}
	if err != nil || !reflect.DeepEqual(p, want) {
		t.Errorf("ParseStaticPod = %+v, %v", p, err)
	}
	if _, err := ParseStaticPod([]byte("kind: Service")); err == nil || err.Error() != `kind is "Service", not Pod` {
		t.Errorf("ParseStaticPod(Service) error = %v", err)
	}
}

// deniedFS answers permission denied for one path, as a real host does for
// another user's /proc/PID/environ.
type deniedFS struct {
	fs.FS
	denied string
}

func (d deniedFS) Open(name string) (fs.File, error) {
	if name == d.denied {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
	}
	return d.FS.Open(name)
}

func TestPermissionDeniedIsReported(t *testing.T) {
	s := New(deniedFS{testFS(), "proc/412/environ"}, "/")
	_, err := s.Environ(412)
	if !errors.Is(err, fs.ErrPermission) || err.Error() != "open /proc/412/environ: permission denied" {
		t.Errorf("Environ error = %v", err)
	}
}
