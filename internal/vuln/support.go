package vuln

import (
	_ "embed"
	"encoding/csv"
	"fmt"
	"strings"
	"sync"
	"time"
)

// supportCSV is the table of minor releases and their end of upstream
// support; data/SOURCES.md says where the dates come from.
//
//go:embed data/support.csv
var supportCSV string

// Release is one minor line and its upstream support window.
type Release struct {
	Minor     int       // 29 for 1.29
	Released  time.Time // first release of the line
	EndOfLife time.Time // first day without upstream patch releases
	Basis     string    // actual, planned or estimated
}

// Line is "1.29".
func (r Release) Line() string { return fmt.Sprintf("1.%d", r.Minor) }

// Releases is the support table, oldest first.
var Releases = sync.OnceValue(func() []Release {
	rs, err := parseSupport(supportCSV)
	if err != nil {
		// The table is part of the binary and tested: a bad one is a
		// programming error.
		panic(err)
	}
	return rs
})

func parseSupport(text string) ([]Release, error) {
	rows, err := csv.NewReader(strings.NewReader(text)).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("support table: %w", err)
	}
	var out []Release
	for i, row := range rows[1:] {
		if len(row) != 4 {
			return nil, fmt.Errorf("support table row %d: want minor,released,end_of_life,basis", i+2)
		}
		v, err := ParseKubernetesVersion(row[0])
		if err != nil || v.HasPatch {
			return nil, fmt.Errorf("support table row %d: minor %q", i+2, row[0])
		}
		rel, err1 := time.Parse(time.DateOnly, row[1])
		eol, err2 := time.Parse(time.DateOnly, row[2])
		if err1 != nil || err2 != nil || !eol.After(rel) {
			return nil, fmt.Errorf("support table row %d: dates %q %q", i+2, row[1], row[2])
		}
		if len(out) > 0 && v.Minor != out[len(out)-1].Minor+1 {
			return nil, fmt.Errorf("support table row %d: 1.%d does not follow 1.%d", i+2, v.Minor, out[len(out)-1].Minor)
		}
		out = append(out, Release{Minor: v.Minor, Released: rel, EndOfLife: eol, Basis: row[3]})
	}
	return out, nil
}

// SupportState says where a minor line stands in its support window.
type SupportState int

const (
	Supported    SupportState = iota
	EndingSoon                // supported, but support ends within SoonWindow
	EndOfLife                 // past its end of life
	UnknownNewer              // newer than the table: not judged
)

// SoonWindow is how early the end of support is announced.
const SoonWindow = 60 * 24 * time.Hour

// Support is the verdict on a minor line at a date.
type Support struct {
	State   SupportState
	Release Release // the line's row; for a line older than the table, the oldest row
	// Older says the line is older than the whole table: its support
	// ended before Release.EndOfLife.
	Older bool
}

// SupportOf judges a version's minor line at now (a date: only its day
// counts, in UTC).
func SupportOf(v Version, now time.Time) Support {
	rs := Releases()
	day := now.UTC().Truncate(24 * time.Hour)
	switch {
	case v.Major != 1 || v.Minor > rs[len(rs)-1].Minor:
		return Support{State: UnknownNewer, Release: rs[len(rs)-1]}
	case v.Minor < rs[0].Minor:
		return Support{State: EndOfLife, Release: rs[0], Older: true}
	}
	r := rs[v.Minor-rs[0].Minor]
	switch {
	case !day.Before(r.EndOfLife):
		return Support{State: EndOfLife, Release: r}
	case r.EndOfLife.Sub(day) <= SoonWindow:
		return Support{State: EndingSoon, Release: r}
	}
	return Support{State: Supported, Release: r}
}

// SupportedAt lists the minor lines upstream supports at now.
func SupportedAt(now time.Time) []Release {
	day := now.UTC().Truncate(24 * time.Hour)
	var out []Release
	for _, r := range Releases() {
		if !day.Before(r.Released) && day.Before(r.EndOfLife) {
			out = append(out, r)
		}
	}
	return out
}
