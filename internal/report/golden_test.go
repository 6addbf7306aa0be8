package report

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the testdata/*.golden files from the writers' output")

// TestGolden renders GoldenReport in every format and compares the result
// with testdata/<name>.golden byte for byte.
func TestGolden(t *testing.T) {
	cases := []struct {
		golden, format string
		opts           WriteOptions
		report         func() *Report
	}{
		{"report.json", "json", WriteOptions{}, GoldenReport},
		{"table.txt", "table", WriteOptions{}, GoldenReport},
		{"table-color.txt", "table", WriteOptions{Color: true}, GoldenReport},
		{"report.sarif", "sarif", WriteOptions{}, GoldenReport},
		{"report.junit.xml", "junit", WriteOptions{}, GoldenReport},
		{"compliance.json", "json", WriteOptions{}, ComplianceReport},
		{"compliance-table.txt", "table", WriteOptions{}, ComplianceReport},
		{"compliance-table-color.txt", "table", WriteOptions{Color: true}, ComplianceReport},
		{"compliance.sarif", "sarif", WriteOptions{}, ComplianceReport},
		{"compliance.junit.xml", "junit", WriteOptions{}, ComplianceReport},
	}
	for _, c := range cases {
		t.Run(c.golden, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Write(&buf, c.format, c.report(), c.opts); err != nil {
				t.Fatal(err)
			}
			checkGolden(t, c.golden, buf.Bytes())
		})
	}
}

// TestGoldenCoversEveryFormat keeps a new writer from landing without a
// golden file.
func TestGoldenCoversEveryFormat(t *testing.T) {
	want := []string{"json", "junit", "sarif", "table"}
	if got := Formats(); !slices.Equal(got, want) {
		t.Errorf("Formats() = %v, want %v (add a golden case for a new format)", got, want)
	}
}

func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/report -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (run go test ./internal/report -update and review the diff):\n--- got ---\n%s\n--- want ---\n%s", path, got, want)
	}
}
