package yamlfast

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/kubeward/kubeward/internal/testcorpus"
)

// corpusDoc is one document of a corpus file.
type corpusDoc struct {
	name string // file:line
	data []byte
}

// corpusDocs reads every .yaml/.yml file under dir and splits it into
// documents at "---" lines, each document keeping its "---" line.
func corpusDocs(t testing.TB, dir string) []corpusDoc {
	t.Helper()
	if _, err := os.Stat(dir); err != nil {
		t.Fatalf("the differential test needs the manifest corpus at %s: %v", dir, err)
	}
	var docs []corpusDoc
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !(strings.HasSuffix(path, ".yaml") || strings.HasSuffix(path, ".yml")) {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, doc := range splitDocs(data) {
			docs = append(docs, corpusDoc{name: path + ":" + strconv.Itoa(doc.line), data: doc.data})
		}
		return nil
	})
	if err != nil {
		t.Fatalf("read corpus %s: %v", dir, err)
	}
	if len(docs) == 0 {
		t.Fatalf("no .yaml/.yml documents under %s", dir)
	}
	return docs
}

type splitDoc struct {
	line int
	data []byte
}

// splitDocs cuts data before every line that is a "---" marker.
func splitDocs(data []byte) []splitDoc {
	var out []splitDoc
	start, startLine, line := 0, 1, 1
	for i := 0; i < len(data); {
		end := bytes.IndexByte(data[i:], '\n')
		if end < 0 {
			end = len(data)
		} else {
			end += i + 1
		}
		l := bytes.TrimRight(data[i:end], "\r\n")
		if i > start && bytes.HasPrefix(l, []byte("---")) && (len(l) == 3 || l[3] == ' ' || l[3] == '\t') {
			out = append(out, splitDoc{startLine, data[start:i]})
			start, startLine = i, line
		}
		i = end
		line++
	}
	return append(out, splitDoc{startLine, data[start:]})
}

// coreKinds are the kinds the fast path must take almost always.
var coreKinds = map[string]bool{
	"Deployment": true, "Pod": true, "Service": true, "ConfigMap": true,
	"Role": true, "ClusterRole": true, "RoleBinding": true, "ClusterRoleBinding": true,
	"ServiceAccount": true,
}

var lineNumber = regexp.MustCompile(`line \d+: `)

// TestCorpusDifferential parses every corpus document with both parsers:
// wherever the fast path answers, its tree must equal yaml.v3's.
func TestCorpusDifferential(t *testing.T) {
	docs := corpusDocs(t, testcorpus.Real(t))
	var fast, slow, coreFast, coreAll int
	reasons := map[string]int{}
	for _, d := range docs {
		ok := checkSame(t, d.name, d.data)
		kind := docKind(d.data)
		if coreKinds[kind] {
			coreAll++
		}
		if ok {
			fast++
			if coreKinds[kind] {
				coreFast++
			}
			continue
		}
		slow++
		_, err := Parse(d.data)
		reasons[lineNumber.ReplaceAllString(err.Error(), "")]++
	}
	t.Logf("%d documents: %d on the fast path, %d fell back", len(docs), fast, slow)
	t.Logf("Deployment/Pod/Service/ConfigMap/RBAC: %d of %d on the fast path", coreFast, coreAll)
	type reason struct {
		why string
		n   int
	}
	var rs []reason
	for why, n := range reasons {
		rs = append(rs, reason{why, n})
	}
	sort.Slice(rs, func(i, j int) bool { return rs[i].n > rs[j].n || rs[i].n == rs[j].n && rs[i].why < rs[j].why })
	for _, r := range rs {
		t.Logf("  fell back %4d× %s", r.n, r.why)
	}
	if coreAll == 0 {
		t.Fatalf("no Deployment/Pod/Service/ConfigMap/RBAC documents in %s", testcorpus.Real(t))
	}
	if coreFast*100 < coreAll*95 {
		t.Errorf("only %d of %d core documents took the fast path, want at least 95%%", coreFast, coreAll)
	}
}

// docKind returns the kind of a document, or "" if yaml.v3 cannot tell.
func docKind(data []byte) string {
	var obj struct {
		Kind string `yaml:"kind"`
	}
	if yaml.Unmarshal(data, &obj) != nil {
		return ""
	}
	return obj.Kind
}
