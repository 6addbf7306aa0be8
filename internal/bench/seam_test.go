package bench

import (
	"testing"
	"testing/fstest"

	"github.com/kubeward/kubeward/internal/node"
)

// The rules evaluate a component's command line wherever it was seen: here
// the API server command of a kube-system mirror Pod, as a cluster scan
// would see it, with no node access at all.
func TestEvaluateComponentFromPodCommand(t *testing.T) {
	b, err := Load("cis-1.12")
	if err != nil {
		t.Fatal(err)
	}
	pod, err := node.ParseStaticPod([]byte(`apiVersion: v1
kind: Pod
metadata: {name: kube-apiserver-cp-1, namespace: kube-system}
spec:
  containers:
  - name: kube-apiserver
    image: registry.k8s.io/kube-apiserver:v1.33.2
    command: [kube-apiserver, --anonymous-auth=false, "--authorization-mode=Node,RBAC", --profiling=true,
      --encryption-provider-config=/etc/kubernetes/enc.yaml]
`))
	if err != nil {
		t.Fatal(err)
	}
	comp := NewComponent("kube-apiserver", "Pod kube-system/kube-apiserver-cp-1", pod.Argv)
	got := map[string]Result{}
	for _, r := range EvaluateComponent(b, comp, nil) {
		got[r.Check.ID] = r
	}
	if len(got) != 30 { // the flag and config checks of kube-apiserver: 1.2.x but 1.2.20, and 3.2.1
		t.Errorf("EvaluateComponent gave %d results, want 30", len(got))
	}
	for id, want := range map[string]string{
		"1.2.1":  `PASS --anonymous-auth is "false" (Pod kube-system/kube-apiserver-cp-1)`,
		"1.2.8":  `PASS --authorization-mode is "Node,RBAC" (Pod kube-system/kube-apiserver-cp-1)`,
		"1.2.15": `FAIL --profiling is "true", want "false" (Pod kube-system/kube-apiserver-cp-1)`,
		"1.2.16": `FAIL --audit-log-path is not set`,
		"1.2.28": `NOT-EVALUATED --encryption-provider-config names /etc/kubernetes/enc.yaml, which cannot be read from here`,
	} {
		r := got[id]
		if s := string(r.Status) + " " + r.Reason; s != want {
			t.Errorf("%s = %s, want %s", id, s, want)
		}
	}
	ev := got["1.2.15"].Evidence
	if len(ev) != 1 || ev[0].Source != "flag" || ev[0].Setting != "--profiling" || ev[0].Value != "true" || ev[0].Detail != "Pod kube-system/kube-apiserver-cp-1" {
		t.Errorf("1.2.15 evidence = %+v", ev)
	}

	// With the files at hand, the encryption config is read: identity first
	// for any resource means that resource is stored in plain text.
	files := node.New(fstest.MapFS{"etc/kubernetes/enc.yaml": {Data: []byte(`
resources:
- {resources: [secrets], providers: [{kms: {name: k}}, {identity: {}}]}
- {resources: [configmaps], providers: [{identity: {}}, {aescbc: {}}]}
`)}}, "/")
	r := EvaluateSettings(b.Check("1.2.28"), comp, files)
	if s := string(r.Status) + " " + r.Reason; s != `WARN resources[*].providers[0] includes identity, not in the allowed list (/etc/kubernetes/enc.yaml)` {
		t.Errorf("1.2.28 = %s", s)
	}
}

// etcd started with --config-file ignores its other flags and ETCD_*
// variables: only the file counts.
func TestEtcdConfigFileIsExclusive(t *testing.T) {
	b, err := Load("cis-1.12")
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{
		"proc/5/cmdline":     {Data: []byte("etcd\x00--config-file=/etc/etcd/etcd.yaml\x00--client-cert-auth=true\x00")},
		"proc/5/environ":     {Data: []byte("ETCD_PEER_CLIENT_CERT_AUTH=true\x00")},
		"etc/etcd/etcd.yaml": {Data: []byte("client-transport-security: {client-cert-auth: false}\n")},
	}
	env := Discover(b, node.New(fsys, "/"))
	for id, want := range map[string]string{
		"2.2": `FAIL client-transport-security.client-cert-auth is "false", want "true" (/etc/etcd/etcd.yaml)`,
		"2.5": `FAIL --peer-client-cert-auth is "false", want "true" (default)`,
	} {
		r := Evaluate(b.Check(id), env)
		if got := string(r.Status) + " " + r.Reason; got != want {
			t.Errorf("%s = %s, want %s", id, got, want)
		}
	}
}
