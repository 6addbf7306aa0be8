package clustertest

import (
	"os"
	"strings"
	"testing"

	"github.com/kubeward/kubeward/internal/bench"
	"github.com/kubeward/kubeward/internal/node"
	"github.com/kubeward/kubeward/internal/testcluster"
)

func TestMain(m *testing.M) { testcluster.Main(m) }

// TestRealControlPlaneProcesses reads the harness's processes from the
// real /proc (other harnesses may run at the same time, so this cluster's
// processes are picked by its directory on their command lines) and
// checks the results that follow from the flags the harness starts them
// with (internal/testcluster/flags.go).
func TestRealControlPlaneProcesses(t *testing.T) {
	c := testcluster.Get(t)
	snap := node.New(os.DirFS("/"), "/")
	procs, err := snap.Processes()
	if err != nil {
		t.Fatal(err)
	}
	env := &bench.Environment{Node: "test", Components: map[string]*bench.Component{}, Files: snap}
	for _, p := range procs {
		if !strings.Contains(strings.Join(p.Argv, " "), c.Dir()) {
			continue
		}
		switch p.Name() {
		case "kube-apiserver", "etcd":
			comp := bench.NewComponent(p.Name(), "test process", p.Argv)
			comp.PID = p.PID
			if p.Name() == "etcd" {
				comp.Env, comp.EnvErr = snap.Environ(p.PID)
			}
			env.Components[p.Name()] = comp
		}
	}
	if env.Components["kube-apiserver"] == nil || env.Components["etcd"] == nil {
		t.Fatalf("harness processes not found in /proc (dir %s): %v", c.Dir(), env.Components)
	}
	b, err := bench.Load("cis-1.12")
	if err != nil {
		t.Fatal(err)
	}
	rs, _, err := bench.Run(b, env, bench.Options{Targets: []string{"master", "etcd"}, Checks: []string{"1.2", "2", "1.1.11"}})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bench.Status{}
	for _, r := range rs {
		got[r.Check.ID] = r.Status
	}
	want := map[string]bench.Status{
		"1.1.11": bench.Pass, // the harness makes etcd's data directory 700
		"1.2.1":  bench.Warn, // --anonymous-auth=true (the harness default), not Automated in CIS 1.12
		"1.2.2":  bench.Pass, // no token file
		"1.2.4":  bench.Fail, // no kubelet client certificate
		"1.2.6":  bench.Pass, // --authorization-mode=Node,RBAC
		"1.2.7":  bench.Pass, //
		"1.2.8":  bench.Pass, //
		"1.2.14": bench.Pass, // --enable-admission-plugins=NodeRestriction
		"1.2.15": bench.Fail, // profiling at its default, on
		"1.2.16": bench.Pass, // --audit-log-path
		"1.2.18": bench.Fail, // --audit-log-maxbackup=1
		"1.2.19": bench.Pass, // --audit-log-maxsize=200
		"1.2.20": bench.Warn, // manual
		"1.2.22": bench.Pass, // --service-account-key-file
		"1.2.23": bench.Fail, // plain-HTTP etcd, no client certificate
		"1.2.24": bench.Pass, // serving certificate and key
		"1.2.25": bench.Pass, // --client-ca-file
		"2.1":    bench.Fail, // etcd serves plain HTTP
		"2.2":    bench.Fail, // no client certificate auth
		"2.3":    bench.Pass, // no auto TLS
	}
	for id, w := range want {
		if got[id] != w {
			t.Errorf("%s = %s, want %s", id, got[id], w)
		}
	}
	if len(rs) != 30+7+1 {
		t.Errorf("%d results, want 38 (1.2.x, 2.x, 1.1.11)", len(rs))
	}
}
