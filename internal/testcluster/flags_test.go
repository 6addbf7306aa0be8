package testcluster

import (
	"slices"
	"testing"
)

func TestMergeFlagsReplacesByName(t *testing.T) {
	base := []string{"--anonymous-auth=true", "--enable-admission-plugins=NodeRestriction", "--allow-privileged=true"}
	extra := []string{"--enable-admission-plugins=NodeRestriction,AlwaysPullImages", "--profiling", "--anonymous-auth=false"}
	got := mergeFlags(base, extra)
	want := []string{"--allow-privileged=true", "--enable-admission-plugins=NodeRestriction,AlwaysPullImages", "--profiling", "--anonymous-auth=false"}
	if !slices.Equal(got, want) {
		t.Errorf("mergeFlags:\n got  %q\n want %q", got, want)
	}
	if got := mergeFlags(base, nil); !slices.Equal(got, base) {
		t.Errorf("mergeFlags with no extras = %q, want %q", got, base)
	}
}

func TestAPIServerArgsHaveRequiredFlags(t *testing.T) {
	args := apiserverArgs(pkiFiles{auditPolicy: "/d/audit-policy.yaml"}, 2379, 6443, Options{DisableAnonymousAuth: true})
	for _, want := range []string{
		"--etcd-servers=http://127.0.0.1:2379",
		"--bind-address=127.0.0.1",
		"--secure-port=6443",
		"--advertise-address=127.0.0.1",
		"--endpoint-reconciler-type=none",
		"--service-cluster-ip-range=10.0.0.0/24",
		"--anonymous-auth=false",
		"--authorization-mode=Node,RBAC",
		"--enable-admission-plugins=NodeRestriction",
		"--allow-privileged=true",
		"--service-account-issuer=" + ServiceAccountIssuer,
		"--audit-log-path=/d/audit.log",
		"--audit-log-format=json",
	} {
		if !slices.Contains(args, want) {
			t.Errorf("apiserver args lack %s: %q", want, args)
		}
	}
}

func TestEtcdEnvDropsEtcdVariables(t *testing.T) {
	t.Setenv("ETCD_DATA_DIR", "/elsewhere")
	t.Setenv("KUBEWARD_KEEP", "1")
	env := etcdEnv()
	if slices.Contains(env, "ETCD_DATA_DIR=/elsewhere") {
		t.Error("ETCD_DATA_DIR passed to etcd")
	}
	if !slices.Contains(env, "KUBEWARD_KEEP=1") {
		t.Error("unrelated variable dropped")
	}
}
