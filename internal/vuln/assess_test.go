package vuln

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
)

const testData = `[
 {"id": "CVE-2099-0001", "published": "2099-01-02", "summary": "A kubelet flaw.",
  "components": ["kubelet"], "version_scheme": "kubernetes", "severity": "high", "cvss_v3_score": 7.1,
  "status": "fixed", "affected": [{"introduced": "0", "fixed": "1.35.3"}, {"introduced": "1.36.0", "fixed": "1.36.5"}],
  "url": "https://example.test/1"},
 {"id": "CVE-2099-0002", "published": "2099-02-03", "summary": "A flaw in every component",
  "components": ["kube-apiserver", "kubelet", "kube-scheduler", "kubectl"], "version_scheme": "kubernetes",
  "severity": null, "cvss_v3_score": null, "status": "fixed",
  "affected": [{"introduced": "1.30.0", "fixed": "1.36.2"}], "url": "https://example.test/2"},
 {"id": "CVE-2099-0003", "published": "2099-03-04", "summary": "A design flaw.",
  "components": ["kube-apiserver"], "version_scheme": "kubernetes", "severity": "low", "cvss_v3_score": 3.1,
  "status": "unfixed", "affected": [{"introduced": "0"}], "notes": "restrict who may write Endpoints",
  "url": "https://example.test/3"},
 {"id": "CVE-2099-0004", "published": "2099-04-05", "summary": "An ingress flaw.",
  "components": ["ingress-nginx"], "version_scheme": "ingress-nginx", "severity": "critical", "cvss_v3_score": 9.8,
  "status": "fixed", "affected": [{"introduced": "0", "fixed": "1.40.0"}], "url": "https://example.test/4"}
]`

// brief is what a test compares of a finding.
type brief struct {
	Check, Severity, Status, Object, Path, Message, Remediation string
	Evidence                                                    []string
}

func briefs(fs []check.Finding) []brief {
	var out []brief
	for _, f := range fs {
		b := brief{f.Check, f.Severity.String(), string(f.Status), f.Object.String(), f.Path, f.Message, f.Remediation, nil}
		for _, e := range f.Evidence {
			b.Evidence = append(b.Evidence, e.Source+" "+e.Setting+"="+e.Value+" ("+e.Detail+")")
		}
		out = append(out, b)
	}
	return out
}

func TestAssess(t *testing.T) {
	db, err := Parse("test", []byte(testData))
	if err != nil {
		t.Fatal(err)
	}
	node := kube.Ref{APIVersion: "v1", Kind: "Node", Name: "worker-1"}
	server := Where{Object: ClusterRef, Field: "/version gitVersion", Source: "api"}
	kubelet := Where{Object: node, Field: "status.nodeInfo.kubeletVersion", Source: "api"}
	got := briefs(Assess([]Component{
		{Name: "control-plane", Version: "v1.36.1", Where: server},
		{Name: "kubelet", Version: "v1.34.2-eks-1a2b3c", Where: kubelet},
		{Name: "kubelet", Version: "v0.0.0-master+$Format:%H$", Where: Where{Object: kube.Ref{APIVersion: "v1", Kind: "Node", Name: "dev"}, Field: "status.nodeInfo.kubeletVersion"}},
	}, day("2026-11-25"), db))
	want := []brief{
		{"k8s-cve", "medium", "fail", "Cluster/kubernetes", "CVE-2099-0002",
			"CVE-2099-0002 (not rated in the data; reported as medium) affects kube-apiserver, kube-scheduler v1.36.1: A flaw in every component. Fixed in 1.36.2. Advisory: https://example.test/2",
			"Upgrade kube-apiserver, kube-scheduler to 1.36.2 or later.",
			[]string{"api /version gitVersion=v1.36.1 (control-plane)"}},
		{"k8s-cve", "low", "fail", "Cluster/kubernetes", "CVE-2099-0003",
			"CVE-2099-0003 (low, CVSS 3.1) affects kube-apiserver v1.36.1: A design flaw. No release fixes it; mitigate by configuration. Advisory: https://example.test/3",
			"Mitigation: restrict who may write Endpoints.",
			[]string{"api /version gitVersion=v1.36.1 (control-plane)"}},
		{"k8s-cve", "high", "fail", "Node/worker-1", "CVE-2099-0001",
			"CVE-2099-0001 (high, CVSS 7.1) affects kubelet v1.34.2-eks-1a2b3c: A kubelet flaw. No 1.34 release fixes it; fixed in 1.35.3. Vendor build eks-1a2b3c of 1.34.2: check the vendor's advisories for a backported fix. Advisory: https://example.test/1",
			"Upgrade kubelet to 1.35.3 or later.",
			[]string{"api status.nodeInfo.kubeletVersion=v1.34.2-eks-1a2b3c (kubelet)"}},
		{"k8s-cve", "medium", "fail", "Node/worker-1", "CVE-2099-0002",
			"CVE-2099-0002 (not rated in the data; reported as medium) affects kubelet v1.34.2-eks-1a2b3c: A flaw in every component. No 1.34 release fixes it; fixed in 1.36.2. Vendor build eks-1a2b3c of 1.34.2: check the vendor's advisories for a backported fix. Advisory: https://example.test/2",
			"Upgrade kubelet to 1.36.2 or later.",
			[]string{"api status.nodeInfo.kubeletVersion=v1.34.2-eks-1a2b3c (kubelet)"}},
		{"k8s-version-eol", "medium", "fail", "Node/worker-1", "status.nodeInfo.kubeletVersion",
			"Kubernetes 1.34 (kubelet v1.34.2-eks-1a2b3c) is out of upstream support since 2026-10-27: it gets no more patch releases, security fixes included. Supported on 2026-11-25: 1.35, 1.36, 1.37.",
			EOLMeta.Remediation,
			[]string{"api status.nodeInfo.kubeletVersion=v1.34.2-eks-1a2b3c (kubelet)"}},
	}
	notEvaluated := brief{"k8s-cve", "info", "not-evaluated", "Node/dev", "status.nodeInfo.kubeletVersion",
		`kubelet version could not be read: Kubernetes version "v0.0.0-master+$Format:%H$" is not a version like 1.29.3 (suffix "-master+$Format:%H$" is not letters, digits, '.', '-', '+' or '_'); its known CVEs and support window were not evaluated`,
		CVEMeta.Remediation, []string{"api status.nodeInfo.kubeletVersion=v0.0.0-master+$Format:%H$ (kubelet)"}}
	want = append([]brief{notEvaluated}, want...)
	compare(t, got, want)
}

// TestAssessGrouping: one finding per CVE and object, naming each
// affected component and version; lines reported once per object.
func TestAssessGrouping(t *testing.T) {
	db, err := Parse("test", []byte(testData))
	if err != nil {
		t.Fatal(err)
	}
	node := kube.Ref{APIVersion: "v1", Kind: "Node", Name: "n"}
	got := briefs(Assess([]Component{
		{Name: "kubelet", Version: "1.35.1", Where: Where{Object: node, Field: "status.nodeInfo.kubeletVersion"}},
		{Name: "kubelet", Version: "1.36.0", Where: Where{Object: node, Field: "status.nodeInfo.kubeletVersion"}},
		{Name: "kube-proxy", Version: "1.36.0", Where: Where{Object: node, Field: "status.nodeInfo.kubeProxyVersion"}},
	}, day("2027-05-01"), db))
	want := []brief{
		{"k8s-cve", "high", "fail", "Node/n", "CVE-2099-0001",
			"CVE-2099-0001 (high, CVSS 7.1) affects kubelet 1.35.1 and kubelet 1.36.0: A kubelet flaw. For kubelet 1.35.1: Fixed in 1.35.3. For kubelet 1.36.0: Fixed in 1.36.5. Advisory: https://example.test/1",
			"Upgrade kubelet to 1.35.3 or later. Upgrade kubelet to 1.36.5 or later.",
			[]string{"api status.nodeInfo.kubeletVersion=1.35.1 (kubelet)", "api status.nodeInfo.kubeletVersion=1.36.0 (kubelet)"}},
		{"k8s-cve", "medium", "fail", "Node/n", "CVE-2099-0002",
			"CVE-2099-0002 (not rated in the data; reported as medium) affects kubelet 1.35.1 and kubelet 1.36.0: A flaw in every component. For kubelet 1.35.1: No 1.35 release fixes it; fixed in 1.36.2. For kubelet 1.36.0: Fixed in 1.36.2. Advisory: https://example.test/2",
			"Upgrade kubelet to 1.36.2 or later.",
			[]string{"api status.nodeInfo.kubeletVersion=1.35.1 (kubelet)", "api status.nodeInfo.kubeletVersion=1.36.0 (kubelet)"}},
		{"k8s-version-eol", "medium", "fail", "Node/n", "status.nodeInfo.kubeletVersion",
			"Kubernetes 1.35 (kubelet 1.35.1) is out of upstream support since 2027-02-28: it gets no more patch releases, security fixes included. Supported on 2027-05-01: 1.36, 1.37.",
			EOLMeta.Remediation, []string{"api status.nodeInfo.kubeletVersion=1.35.1 (kubelet)"}},
	}
	want = append(want, brief{"k8s-version-eol", "low", "warn", "Node/n", "status.nodeInfo.kubeletVersion",
		"Kubernetes 1.36 (kubelet 1.36.0, kube-proxy 1.36.0) leaves upstream support on 2027-06-28, in 58 days. Supported on 2027-05-01: 1.36, 1.37.",
		EOLMeta.Remediation, []string{"api status.nodeInfo.kubeletVersion=1.36.0 (kubelet)", "api status.nodeInfo.kubeProxyVersion=1.36.0 (kube-proxy)"}})
	compare(t, got, want)
}

// TestAssessNewerThanData: a line the support table does not know yet is
// said to be unjudged, never silently passed.
func TestAssessNewerThanData(t *testing.T) {
	db, err := Parse("test", []byte(testData))
	if err != nil {
		t.Fatal(err)
	}
	got := briefs(Assess([]Component{{Name: "kube-controller-manager", Version: "v1.38.0", Where: Where{Object: ClusterRef, Field: "--k8s-version", Source: "flag"}}}, day("2026-11-25"), db))
	want := []brief{{"k8s-version-eol", "info", "not-evaluated", "Cluster/kubernetes", "--k8s-version",
		"Kubernetes 1.38 (kube-controller-manager v1.38.0) is newer than kubeward's support table (newest 1.37); its support window was not evaluated, and CVEs published after 2099-04-05 are not in the CVE data.",
		EOLMeta.Remediation, []string{"flag --k8s-version=v1.38.0 (kube-controller-manager)"}}}
	compare(t, got, want)
}

func compare(t *testing.T, got, want []brief) {
	t.Helper()
	g, _ := json.MarshalIndent(got, "", "  ")
	w, _ := json.MarshalIndent(want, "", "  ")
	if string(g) != string(w) {
		t.Errorf("findings differ\n got: %s\nwant: %s", g, w)
		gl, wl := strings.Split(string(g), "\n"), strings.Split(string(w), "\n")
		for i := 0; i < len(gl) && i < len(wl); i++ {
			if gl[i] != wl[i] {
				t.Errorf("first difference at line %d:\n got %s\nwant %s", i+1, gl[i], wl[i])
				break
			}
		}
	}
}
