package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// bench --output-file writes the report there and nothing on stdout; an
// empty root (no /proc, nothing running) still gives a report whose
// policies results say why they were not evaluated.
func TestBenchOutputFileAndEmptyRoot(t *testing.T) {
	root := t.TempDir()
	out := filepath.Join(t.TempDir(), "report.json")
	var stdout, stderr bytes.Buffer
	code := Execute("kubeward", []string{"bench", "--root", root, "--node-name", "n1", "-o", "json", "--output-file", out, "--check", "5.1.1"},
		strings.NewReader(""), &stdout, &stderr)
	if code != ExitOK || stdout.Len() != 0 || stderr.Len() != 0 {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout.String(), stderr.String())
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var rep struct {
		Metadata struct{ Mode string }
		Bench    struct {
			Node    string
			Targets []string
			Notes   []string
		}
		Findings []struct{ Check, Status, Message string }
	}
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Metadata.Mode != "bench" || rep.Bench.Node != "n1" || strings.Join(rep.Bench.Targets, ",") != "policies" {
		t.Errorf("report %+v", rep)
	}
	wantNote := "cannot list processes (open /proc: no such file or directory); components were looked for in static pod manifests only"
	if len(rep.Bench.Notes) != 1 || rep.Bench.Notes[0] != wantNote {
		t.Errorf("notes %q, want %q", rep.Bench.Notes, wantNote)
	}
	if len(rep.Findings) != 1 || rep.Findings[0].Status != "not-evaluated" ||
		rep.Findings[0].Message != "needs the Kubernetes API (ClusterRoleBindings to cluster-admin other than the built-in one); node mode reads no cluster, kubeward bench --cluster does" {
		t.Errorf("findings %+v", rep.Findings)
	}
}
