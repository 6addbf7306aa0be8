package report

import (
	"fmt"
	"io"
	"sort"
)

// Writer renders a report in one format.
type Writer func(w io.Writer, r *Report, opts WriteOptions) error

// WriteOptions are the presentation choices the caller makes.
type WriteOptions struct {
	Color bool // ANSI colors, only when writing to a terminal
}

// writers lists every output format by its -o name.
var writers = map[string]Writer{
	"json":  WriteJSON,
	"junit": WriteJUnit,
	"sarif": WriteSARIF,
	"table": WriteTable,
}

// Formats lists the output format names, sorted.
func Formats() []string {
	var names []string
	for n := range writers {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Write renders the report in the named format.
func Write(w io.Writer, format string, r *Report, opts WriteOptions) error {
	wr, ok := writers[format]
	if !ok {
		return fmt.Errorf("unknown output format %q (want one of %v)", format, Formats())
	}
	return wr(w, r, opts)
}
