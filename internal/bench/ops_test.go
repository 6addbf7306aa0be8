package bench

import "testing"

func TestCompare(t *testing.T) {
	for _, tc := range []struct {
		op        Operator
		got, want string
		ok        bool
		why       string
	}{
		{OpEq, "False", "false", true, ""},
		{OpEq, "true", "false", false, `is "true", want "false"`},
		{OpEq, "30.0", "30", true, ""},
		{OpNeq, "0s", "0", false, `is "0s", must not be "0"`},
		{OpNeq, "5m", "0", true, ""},
		{OpHas, "Node,RBAC", "Node", true, ""},
		{OpHas, "NodeRestriction", "Node", false, `is "NodeRestriction", which does not include Node`},
		{OpNotHas, "A, AlwaysAdmit", "AlwaysAdmit", false, `is "A, AlwaysAdmit", which includes AlwaysAdmit`},
		{OpNotSet, "x", "", false, `is set to "x", want it unset`},
		{OpGte, "29", "30", false, "is 29, want at least 30"},
		{OpGte, "abc", "30", false, `is "abc", not a number`},
		{OpLte, "3", "5", true, ""},
		{OpSubset, "a,b", "a,b,c", true, ""},
		{OpSubset, "a,d", "a,b,c", false, "includes d, not in the allowed list"},
		{OpSubset, "", "a", false, "is empty"},
		{OpRegex, "0.0.0.0:10249", `^127\.0\.0\.1(:[0-9]+)?$`, false, `is "0.0.0.0:10249", which does not match ^127\.0\.0\.1(:[0-9]+)?$`},
	} {
		ok, why := compare(tc.op, tc.got, tc.want)
		if ok != tc.ok || why != tc.why {
			t.Errorf("compare(%s, %q, %q) = %v, %q; want %v, %q", tc.op, tc.got, tc.want, ok, why, tc.ok, tc.why)
		}
	}
}

func TestMinorOfAndSelect(t *testing.T) {
	for in, want := range map[string]string{
		"v1.33.2": "1.33", "registry.k8s.io/kube-apiserver:v1.34.0": "1.34", "localhost:5000/kube-apiserver:v1.32.1": "1.32",
		"latest": "", "v1": "",
	} {
		if got := MinorOf(in); got != want {
			t.Errorf("MinorOf(%q) = %q, want %q", in, got, want)
		}
	}
	for _, tc := range []struct{ dist, minor, name, reason string }{
		{"", "1.33", "cis-1.12", "Kubernetes 1.33 maps to cis-1.12"},
		{"", "1.40", "cis-1.12", "Kubernetes 1.40 maps to cis-1.12"},
		{"", "1.30", "cis-1.12", "Kubernetes 1.30 maps to cis-1.11, which kubeward does not ship; using cis-1.12"},
		{"", "", "cis-1.12", "Kubernetes version not found on the node; using the newest benchmark cis-1.12"},
		{"k3s", "", "k3s-cis-1.12", "k3s processes found"},
		{"rke2", "1.33", "rke2-cis-1.12", "rke2 processes found"},
	} {
		sel, err := Select(tc.dist, tc.minor)
		if err != nil || sel.Name != tc.name || sel.Reason != tc.reason {
			t.Errorf("Select(%q, %q) = %+v, %v; want %s (%s)", tc.dist, tc.minor, sel, err, tc.name, tc.reason)
		}
	}
}

func TestOptionsFilterChecks(t *testing.T) {
	b, err := Load("cis-1.12")
	if err != nil {
		t.Fatal(err)
	}
	env := &Environment{Components: map[string]*Component{}}
	rs, targets, err := Run(b, env, Options{Targets: []string{"node"}, Checks: []string{"4.2.*", "4.1.1"}, Skip: []string{"4.2.1"}})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, r := range rs {
		ids = append(ids, r.Check.ID)
	}
	want := "4.1.1 4.2.2 4.2.3 4.2.4 4.2.5 4.2.6 4.2.7 4.2.8 4.2.9 4.2.10 4.2.11 4.2.12 4.2.13 4.2.14"
	if got := join(ids); got != want || join(targets) != "node" {
		t.Errorf("Run = %s (targets %v), want %s", got, targets, want)
	}
	if rs[0].Status != NotEvaluated || rs[1].Reason != "kubelet is not running on this node" {
		t.Errorf("results without a node: %+v / %+v", rs[0], rs[1])
	}
	// A section as a pattern, and the auto targets of an empty node.
	rs, targets, _ = Run(b, env, Options{Checks: []string{"5.4"}})
	if len(rs) != 2 || join(targets) != "policies" {
		t.Errorf("Run(5.4) = %d results, targets %v", len(rs), targets)
	}
	for _, tc := range []struct {
		o    Options
		want string
	}{
		{Options{Targets: []string{"workers"}}, `unknown target "workers" (want one of master, etcd, controlplane, node, policies)`},
		{Options{Checks: []string{"9.9"}}, `check pattern "9.9" matches no check of cis-1.12`},
		{Options{Skip: []string{"[x"}}, `check pattern "[x": syntax error in pattern`},
	} {
		if err := tc.o.Validate(b); err == nil || err.Error() != tc.want {
			t.Errorf("Validate(%+v) = %v, want %s", tc.o, err, tc.want)
		}
	}
}

func join(s []string) string {
	out := ""
	for i, x := range s {
		if i > 0 {
			out += " "
		}
		out += x
	}
	return out
}
