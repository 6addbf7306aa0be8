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
	}{
		{"report.json", "json", WriteOptions{}},
		{"table.txt", "table", WriteOptions{}},
		{"table-color.txt", "table", WriteOptions{Color: true}},
		{"report.sarif", "sarif", WriteOptions{}},
		{"report.junit.xml", "junit", WriteOptions{}},
	}
	for _, c := range cases {
		t.Run(c.golden, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Write(&buf, c.format, GoldenReport(), c.opts); err != nil {
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
