package audit

import (
	"bufio"
	"bytes"
	"testing"
)

func BenchmarkDecode(b *testing.B) {
	var buf bytes.Buffer
	if err := generateEvents(&buf, 10000, 1); err != nil {
		b.Fatal(err)
	}
	var lines [][]byte
	sc := bufio.NewScanner(&buf)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		lines = append(lines, bytes.Clone(sc.Bytes()))
	}
	b.ReportAllocs()
	b.ResetTimer()
	var ev Event
	dec := NewDecoder()
	for i := 0; b.Loop(); i++ {
		if err := dec.Decode(lines[i%len(lines)], &ev); err != nil {
			b.Fatal(err)
		}
	}
}
