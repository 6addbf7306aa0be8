package main_test

import (
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"

	"github.com/kubeward/kubeward/internal/testcluster"
)

// vulnFinding is what the version tests read of a finding.
type vulnFinding struct {
	Check, Severity, Status, Message, Path, Remediation string
	Object                                              struct{ Kind, Name string }
	Evidence                                            []struct{ Source, Setting, Value, Detail string }
}

type vulnReport struct {
	Metadata struct{ Mode string }
	Findings []vulnFinding
}

func vulnJSON(t *testing.T, code int, args ...string) vulnReport {
	t.Helper()
	r := run(t, "", kubeward, args...)
	wantCode(t, r, code)
	var rep vulnReport
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("stdout is not a JSON report: %v\n%s", err, r.stdout)
	}
	return rep
}

// byPath indexes version findings by their path: the CVE ID for k8s-cve.
func byPath(t *testing.T, fs []vulnFinding) map[string]vulnFinding {
	t.Helper()
	m := map[string]vulnFinding{}
	for _, f := range fs {
		if f.Object.Kind != "Cluster" || f.Object.Name != "kubernetes" {
			t.Errorf("%s %s is on %s/%s, want Cluster/kubernetes", f.Check, f.Path, f.Object.Kind, f.Object.Name)
		}
		if _, dup := m[f.Path]; dup {
			t.Errorf("two findings at path %s", f.Path)
		}
		m[f.Path] = f
	}
	return m
}

func TestVulnCommand(t *testing.T) {
	rep := vulnJSON(t, 0, "vuln", "v1.11.2", "--as-of", "2026-11-25", "-o", "json")
	if rep.Metadata.Mode != "vuln" {
		t.Errorf("mode %q", rep.Metadata.Mode)
	}
	got := byPath(t, rep.Findings)
	// 44 CVEs of the cluster's components and the end of support.
	if len(got) != 45 {
		t.Errorf("%d findings, want 45", len(got))
	}
	f := got["CVE-2018-1002105"]
	want := vulnFinding{Check: "k8s-cve", Severity: "critical", Status: "fail", Path: "CVE-2018-1002105",
		Message:     "CVE-2018-1002105 (critical, CVSS 9.8) affects kube-apiserver v1.11.2: Mishandled errors on proxied upgrade requests left backend connections open, letting callers send arbitrary requests to kubelets or aggregated APIs with the API server's credentials. Fixed in 1.11.5. Advisory: https://github.com/kubernetes/kubernetes/issues/71411",
		Remediation: "Upgrade kube-apiserver to 1.11.5 or later."}
	want.Object.Kind, want.Object.Name = "Cluster", "kubernetes"
	want.Evidence = []struct{ Source, Setting, Value, Detail string }{{"argument", "VERSION", "v1.11.2", "cluster"}}
	if g, w := mustJSON(t, f), mustJSON(t, want); g != w {
		t.Errorf("CVE-2018-1002105:\n got %s\nwant %s", g, w)
	}
	eol := got["VERSION"]
	if eol.Check != "k8s-version-eol" || eol.Severity != "medium" || eol.Status != "fail" ||
		eol.Message != "Kubernetes 1.11 (cluster v1.11.2) is out of upstream support since 2019-05-01: it gets no more patch releases, security fixes included. Supported on 2026-11-25: 1.35, 1.36, 1.37." {
		t.Errorf("end of life: %+v", eol)
	}
	// kubectl's CVEs are not the cluster's, unless asked for.
	if _, ok := got["CVE-2019-11246"]; ok {
		t.Error("kubectl CVE-2019-11246 reported for the cluster")
	}
	kubectl := byPath(t, vulnJSON(t, 0, "cves", "v1.11.2", "--component", "kubectl", "--as-of", "2026-11-25", "-o", "json").Findings)
	if f := kubectl["CVE-2019-11246"]; !strings.HasPrefix(f.Message, "CVE-2019-11246 (medium, CVSS 6.4) affects kubectl v1.11.2: ") ||
		!strings.Contains(f.Message, " No 1.11 release fixes it; fixed in 1.12.9. ") {
		t.Errorf("kubectl CVE-2019-11246: %+v", f)
	}

	// The fixed release is not affected.
	fixed := byPath(t, vulnJSON(t, 0, "vuln", "1.11.5", "--as-of", "2026-11-25", "-o", "json").Findings)
	if _, ok := fixed["CVE-2018-1002105"]; ok {
		t.Error("1.11.5 reported as affected by CVE-2018-1002105")
	}
	if len(fixed) != len(got)-1 {
		t.Errorf("1.11.5 has %d findings, want %d", len(fixed), len(got)-1)
	}
}

func TestVulnCommandCurrentRelease(t *testing.T) {
	got := byPath(t, vulnJSON(t, 0, "vuln", "v1.37.2", "--as-of", "2026-11-25", "-o", "json").Findings)
	var ids []string
	for id, f := range got {
		if f.Check != "k8s-cve" {
			t.Errorf("unexpected %s: %s", f.Check, f.Message)
		}
		ids = append(ids, id)
	}
	slices.Sort(ids)
	// Only the CVEs no release fixes.
	want := []string{"CVE-2020-8554", "CVE-2020-8561", "CVE-2020-8562", "CVE-2021-25740", "CVE-2024-7598", "CVE-2025-1767"}
	if !slices.Equal(ids, want) {
		t.Errorf("CVEs %v, want %v", ids, want)
	}
}

func TestVulnCommandExitCodes(t *testing.T) {
	for _, tc := range []struct {
		args   []string
		code   int
		stderr string
	}{
		{[]string{"vuln", "1.29.3-eks-abcdef", "--fail-on", "high"}, 1, ""},
		{[]string{"vuln", "1.29.3-eks-abcdef", "--fail-on", "critical"}, 0, ""},
		{[]string{"vuln", "1.29.3-eks-abcdef"}, 0, ""}, // a listing fails nothing by default
		{[]string{"vuln", "v1.30.2+k3s1", "--fail-on", "high"}, 1, ""},
		{[]string{"vuln", "v1.30.2+k3s1", "--fail-on", "high", "--component", "kube-apiserver"}, 0, ""},
		{[]string{"vuln", "latest"}, 2, "kubeward: Kubernetes version \"latest\" is not a version like 1.29.3 (expected a number at the start)\n"},
		{[]string{"vuln", "v0.0.0-master"}, 2, "kubeward: Kubernetes version \"v0.0.0-master\" is not a 1.x release\n"},
		{[]string{"vuln", "1.30.1", "--component", "kube-nothing"}, 2, "kubeward: --component: unknown component \"kube-nothing\" (want one of all, client-go, cluster, control-plane, kube-apiserver, kube-controller-manager, kube-dns, kube-proxy, kube-scheduler, kubectl, kubelet, node)\n"},
		{[]string{"vuln", "1.30.1", "--as-of", "yesterday"}, 2, "kubeward: --as-of: \"yesterday\" is not a date like 2026-11-25\n"},
		{[]string{"vuln"}, 2, "kubeward: accepts 1 arg(s), received 0\n"},
	} {
		r := run(t, "", kubeward, append(tc.args, "-o", "json")...)
		if r.code != tc.code || r.stderr != tc.stderr {
			t.Errorf("%v: exit %d, stderr %q; want %d, %q", tc.args, r.code, r.stderr, tc.code, tc.stderr)
		}
	}
}

const customCVEs = `[
 {"id": "CVE-2099-0001", "published": "2099-01-02", "summary": "A test flaw in the kubelet.",
  "component": "kubelet", "components": ["kubelet"], "scope": "core", "version_scheme": "kubernetes",
  "severity": "critical", "cvss_v3_score": 9.9, "cvss_v3_vector": null, "cvss_source": null, "status": "fixed",
  "affected": [{"introduced": "0", "fixed": "1.36.3"}, {"introduced": "1.37.0", "fixed": "1.37.5"}],
  "fixed_versions": ["1.36.3", "1.37.5"], "url": "https://example.test/CVE-2099-0001", "sources": ["test"]}
]`

func TestVulnCustomData(t *testing.T) {
	dir := t.TempDir()
	good, bad := filepath.Join(dir, "cves.json"), filepath.Join(dir, "bad.json")
	writeFile(t, good, customCVEs)
	writeFile(t, bad, strings.Replace(customCVEs, `"status": "fixed",`, `"status": "fixed"`, 1))

	got := vulnJSON(t, 1, "vuln", "v1.37.2", "--cve-data", good, "--fail-on", "critical", "--as-of", "2026-11-25", "-o", "json").Findings
	if len(got) != 1 || got[0].Path != "CVE-2099-0001" || got[0].Message != "CVE-2099-0001 (critical, CVSS 9.9) affects kubelet v1.37.2: A test flaw in the kubelet. Fixed in 1.37.5. Advisory: https://example.test/CVE-2099-0001" {
		t.Errorf("findings with the custom data: %+v", got)
	}

	r := run(t, "", kubeward, "vuln", "v1.37.2", "--cve-data", bad)
	wantCode(t, r, 2)
	if want := "kubeward: --cve-data: " + bad + ":5:3: invalid character '\"' after object key:value pair\n"; r.stderr != want || r.stdout != "" {
		t.Errorf("stderr %q\nwant   %q (stdout %q)", r.stderr, want, r.stdout)
	}
	r = run(t, "", kubeward, "scan", "--k8s-version", "1.37.2", "--cve-data", bad, filepath.Join("examples", "hardened"))
	wantCode(t, r, 2)
	if want := "kubeward: --cve-data: " + bad + ":5:3: invalid character '\"' after object key:value pair\n"; r.stderr != want {
		t.Errorf("scan stderr %q\nwant %q", r.stderr, want)
	}
	r = run(t, "", kubeward, "vuln", "v1.37.2", "--cve-data", filepath.Join(dir, "missing.json"))
	wantCode(t, r, 2)
	if !strings.HasPrefix(r.stderr, "kubeward: --cve-data: CVE data: open "+filepath.Join(dir, "missing.json")+": ") {
		t.Errorf("missing file: %q", r.stderr)
	}
}

func TestScanK8sVersion(t *testing.T) {
	// The hardened example has no findings of its own: everything here
	// comes from the version.
	rep, r := scanJSON(t, "", "--k8s-version", "1.29.3", "--as-of", "2026-11-25", "examples/hardened")
	wantCode(t, r, 1) // CVE-2024-10220 is high
	var got []vulnFinding
	if err := json.Unmarshal([]byte(r.stdout), &struct{ Findings *[]vulnFinding }{&got}); err != nil {
		t.Fatal(err)
	}
	ids := byPath(t, got)
	var paths []string
	for p := range ids {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	want := []string{"--k8s-version", "CVE-2020-8554", "CVE-2020-8561", "CVE-2020-8562", "CVE-2021-25740", "CVE-2024-10220",
		"CVE-2024-3177", "CVE-2024-5321", "CVE-2024-7598", "CVE-2024-9042", "CVE-2025-0426", "CVE-2025-13281", "CVE-2025-1767", "CVE-2025-5187"}
	if !slices.Equal(paths, want) {
		t.Errorf("paths %v\nwant  %v", paths, want)
	}
	if rep.Summary.Findings != len(want) || rep.Summary.Objects != 7 {
		t.Errorf("summary %+v", rep.Summary)
	}
	if f := ids["CVE-2024-10220"]; f.Message != "CVE-2024-10220 (high, CVSS 8.1) affects kubelet 1.29.3: A gitRepo volume could run hooks from the cloned repository on the node, executing commands outside the container. Fixed in 1.29.7. Advisory: https://github.com/kubernetes/kubernetes/issues/128885" {
		t.Errorf("CVE-2024-10220: %s", f.Message)
	}

	// Vendor builds are accepted and judged by their upstream version.
	_, r = scanJSON(t, "", "--k8s-version", "v1.29.3-gke.1200", "--as-of", "2026-11-25", "examples/hardened")
	wantCode(t, r, 1)
	if !strings.Contains(r.stdout, "Vendor build gke.1200 of 1.29.3") {
		t.Errorf("no vendor note:\n%s", r.stdout)
	}

	// A supported release with only unfixed CVEs (medium and low) passes
	// --fail-on high; without --k8s-version there is nothing about versions.
	rep, r = scanJSON(t, "", "--k8s-version", "v1.37.2", "--as-of", "2026-11-25", "examples/hardened")
	wantCode(t, r, 0)
	if rep.Summary.Findings != 6 {
		t.Errorf("%d findings for 1.37.2, want the 6 unfixed CVEs", rep.Summary.Findings)
	}
	rep, r = scanJSON(t, "", "examples/hardened")
	wantCode(t, r, 0)
	if rep.Summary.Findings != 0 {
		t.Errorf("%d findings without --k8s-version", rep.Summary.Findings)
	}

	r = run(t, "", kubeward, "scan", "--k8s-version", "1.29.3-", "examples/hardened")
	wantCode(t, r, 2)
	if r.stderr != "kubeward: --k8s-version: \"1.29.3-\" is not a version like 1.32\n" {
		t.Errorf("stderr %q", r.stderr)
	}
}

// TestScanK8sVersionConfig: the config file disables the version checks
// or changes their severity like any other check's.
func TestScanK8sVersionConfig(t *testing.T) {
	cfg := filepath.Join(t.TempDir(), "kubeward.yaml")
	writeFile(t, cfg, "checks:\n  disable: [k8s-cve]\n  severity:\n    k8s-version-eol: high\n")
	rep, r := scanJSON(t, "", "--config", cfg, "--k8s-version", "1.29.3", "--as-of", "2026-11-25", "examples/hardened")
	wantCode(t, r, 1) // the end of support, now high
	if len(rep.Findings) != 1 || rep.Findings[0].Check != "k8s-version-eol" || rep.Findings[0].Severity != "high" {
		t.Errorf("findings %+v", rep.Findings)
	}
	writeFile(t, cfg, "checks:\n  disable: [k8s-cve, k8s-version-eol]\n")
	rep, r = scanJSON(t, "", "--config", cfg, "--k8s-version", "1.29.3", "examples/hardened")
	wantCode(t, r, 0)
	if len(rep.Findings) != 0 {
		t.Errorf("findings %+v", rep.Findings)
	}
}

// TestScanK8sVersionSARIF: one rule per check; each CVE is its own result
// with its own fingerprint.
func TestScanK8sVersionSARIF(t *testing.T) {
	r := run(t, "", kubeward, "scan", "-o", "sarif", "--fail-on", "none", "--k8s-version", "1.29.3", "--as-of", "2026-11-25", "examples/hardened")
	wantCode(t, r, 0)
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct{ Rules []struct{ ID string } }
			}
			Results []struct {
				RuleID              string
				Message             struct{ Text string }
				PartialFingerprints map[string]string
			}
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &log); err != nil {
		t.Fatal(err)
	}
	run0 := log.Runs[0]
	var rules []string
	for _, rule := range run0.Tool.Driver.Rules {
		rules = append(rules, rule.ID)
	}
	if !slices.Contains(rules, "k8s-cve") || !slices.Contains(rules, "k8s-version-eol") {
		t.Errorf("rules %v", rules)
	}
	seen := map[string]string{}
	cves := 0
	for _, res := range run0.Results {
		fp := res.PartialFingerprints["kubeward/v1"]
		if other, dup := seen[fp]; dup {
			t.Errorf("%q and %q share a fingerprint", other, res.Message.Text)
		}
		seen[fp] = res.Message.Text
		if res.RuleID == "k8s-cve" {
			cves++
			if !strings.HasPrefix(res.Message.Text, "CVE-") {
				t.Errorf("message %q does not lead with the CVE", res.Message.Text)
			}
		}
	}
	if cves != 13 || len(run0.Results) != 14 {
		t.Errorf("%d CVE results of %d, want 13 of 14", cves, len(run0.Results))
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestScanClusterVersions reads the versions of a real API server (it
// reports v1.37.2) and of Nodes whose kubelet versions are set through
// the status subresource, as a kubelet would.
func TestScanClusterVersions(t *testing.T) {
	c, err := testcluster.Start(t.Context(), testcluster.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Stop() })
	cs := c.AdminClient()
	for name, version := range map[string]string{"kw-old": "v1.29.3-eks-abcdef", "kw-current": "v1.37.2", "kw-dev": "v0.0.0-master"} {
		n, err := cs.CoreV1().Nodes().Create(t.Context(), &corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: name}}, metav1.CreateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		n.Status.NodeInfo.KubeletVersion = version
		if _, err := cs.CoreV1().Nodes().UpdateStatus(t.Context(), n, metav1.UpdateOptions{}); err != nil {
			t.Fatal(err)
		}
	}

	type seen struct{ Object, Check, Status, Path string }
	versionFindings := func(r result) (out []seen, messages map[seen]string) {
		t.Helper()
		var rep struct {
			Findings []struct {
				vulnFinding
				Object struct{ Kind, Name, Cluster string }
			}
		}
		if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
			t.Fatalf("%v\n%s\nstderr: %s", err, r.stdout, r.stderr)
		}
		messages = map[seen]string{}
		for _, f := range rep.Findings {
			if f.Check != "k8s-cve" && f.Check != "k8s-version-eol" {
				continue
			}
			if f.Object.Cluster == "" {
				t.Errorf("%s %s on %s/%s names no cluster", f.Check, f.Path, f.Object.Kind, f.Object.Name)
			}
			s := seen{f.Object.Kind + "/" + f.Object.Name, f.Check, f.Status, f.Path}
			out = append(out, s)
			messages[s] = f.Message
		}
		return out, messages
	}

	r := run(t, "", kubeward, "scan", "--cluster", "--kubeconfig", c.Kubeconfig(), "-o", "json", "--fail-on", "none", "--as-of", "2026-11-25")
	wantCode(t, r, 0)
	got, messages := versionFindings(r)
	want := []seen{
		// Report order: object, most severe first, then check and path.
		{"Cluster/kubernetes", "k8s-cve", "fail", "CVE-2020-8554"},
		{"Cluster/kubernetes", "k8s-cve", "fail", "CVE-2020-8561"},
		{"Cluster/kubernetes", "k8s-cve", "fail", "CVE-2020-8562"},
		{"Cluster/kubernetes", "k8s-cve", "fail", "CVE-2021-25740"},
		{"Cluster/kubernetes", "k8s-cve", "fail", "CVE-2024-7598"},
		{"Node/kw-current", "k8s-cve", "fail", "CVE-2025-1767"},
		{"Node/kw-dev", "k8s-cve", "not-evaluated", "status.nodeInfo.kubeletVersion"},
		{"Node/kw-old", "k8s-cve", "fail", "CVE-2024-10220"},
		{"Node/kw-old", "k8s-cve", "fail", "CVE-2024-5321"},
		{"Node/kw-old", "k8s-cve", "fail", "CVE-2024-9042"},
		{"Node/kw-old", "k8s-cve", "fail", "CVE-2025-0426"},
		{"Node/kw-old", "k8s-cve", "fail", "CVE-2025-1767"},
		{"Node/kw-old", "k8s-version-eol", "fail", "status.nodeInfo.kubeletVersion"},
	}
	if g, w := mustJSON(t, got), mustJSON(t, want); g != w {
		t.Errorf("version findings\n got %s\nwant %s", g, w)
	}
	for s, msg := range map[seen]string{
		want[0]:  "CVE-2020-8554 (medium, CVSS 6.3) affects kube-apiserver v1.37.2: Users able to set Service spec.externalIPs (or patch LoadBalancer status) can intercept traffic to those IPs (design flaw). No release fixes it; mitigate by configuration. Advisory: https://github.com/kubernetes/kubernetes/issues/97076",
		want[6]:  `kubelet version could not be read: Kubernetes version "v0.0.0-master" is not a 1.x release; its known CVEs and support window were not evaluated`,
		want[7]:  "CVE-2024-10220 (high, CVSS 8.1) affects kubelet v1.29.3-eks-abcdef: A gitRepo volume could run hooks from the cloned repository on the node, executing commands outside the container. Fixed in 1.29.7. Vendor build eks-abcdef of 1.29.3: check the vendor's advisories for a backported fix. Advisory: https://github.com/kubernetes/kubernetes/issues/128885",
		want[12]: "Kubernetes 1.29 (kubelet v1.29.3-eks-abcdef) is out of upstream support since 2025-02-28: it gets no more patch releases, security fixes included. Supported on 2026-11-25: 1.35, 1.36, 1.37.",
	} {
		if messages[s] != msg {
			t.Errorf("%v:\n got %s\nwant %s", s, messages[s], msg)
		}
	}

	// Credentials that may not list nodes: the kubelets are said to be
	// unevaluated, with the server's reason; the server's version is
	// still judged.
	r = run(t, "", kubeward, "scan", "--cluster", "--kubeconfig", kubeconfigFor(t, c.ConfigFor("kw-nobody")), "-o", "json", "--fail-on", "none", "--as-of", "2026-11-25")
	wantCode(t, r, 0)
	got, messages = versionFindings(r)
	want = append(want[:5:5], seen{"Cluster/kubernetes", "k8s-cve", "not-evaluated", "status.nodeInfo.kubeletVersion"})
	if g, w := mustJSON(t, got), mustJSON(t, want); g != w {
		t.Errorf("version findings without node access\n got %s\nwant %s", g, w)
	}
	if msg := messages[want[5]]; !strings.HasPrefix(msg, "the kubelets' known CVEs were not evaluated: list nodes: ") || !strings.Contains(msg, `User "kw-nobody" cannot list resource "nodes"`) {
		t.Errorf("message %q", msg)
	}
}

// kubeconfigFor writes a kubeconfig for a client configuration.
func kubeconfigFor(t *testing.T, cfg *rest.Config) string {
	t.Helper()
	kc := clientcmdapi.NewConfig()
	kc.Clusters["test"] = &clientcmdapi.Cluster{Server: cfg.Host, CertificateAuthorityData: cfg.TLSClientConfig.CAData}
	kc.AuthInfos["user"] = &clientcmdapi.AuthInfo{ClientCertificateData: cfg.TLSClientConfig.CertData, ClientKeyData: cfg.TLSClientConfig.KeyData, Token: cfg.BearerToken}
	kc.Contexts["test"] = &clientcmdapi.Context{Cluster: "test", AuthInfo: "user"}
	kc.CurrentContext = "test"
	path := filepath.Join(t.TempDir(), "kubeconfig")
	if err := clientcmd.WriteToFile(*kc, path); err != nil {
		t.Fatal(err)
	}
	return path
}
