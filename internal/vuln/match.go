package vuln

import (
	"cmp"
	"slices"
)

// Match is a CVE that affects a version.
type Match struct {
	Record  *Record
	Version Version
	// Fixed is the release to upgrade to: the first fixed version above
	// the running one in the same minor line, else the first in a later
	// line; empty when no release fixes the CVE.
	Fixed string
	// FixedInLine says Fixed is a patch release of the running minor line.
	FixedInLine bool
}

// judged is the version ranges are compared with. A minor line given
// alone stands for every patch release of it, so it is judged as its
// newest: what is reported then affects the line whatever its patch.
func judged(v Version) Version {
	if !v.HasPatch {
		v.Patch, v.Pre = maxPart-1, ""
	}
	return v
}

// Affects reports whether v falls in one of the record's ranges. A
// pre-release counts as its release against an introduced bound: 1.30.0-rc.1
// carries the code 1.30.0 ships.
func (r *Record) Affects(v Version) bool {
	if r.Status == StatusNoImpact {
		return false
	}
	v = judged(v)
	lower := v
	lower.Pre = ""
	for _, a := range r.Affected {
		if a.introduced != nil && lower.Compare(*a.introduced) < 0 {
			continue
		}
		if a.fixed != nil && v.Compare(*a.fixed) >= 0 {
			continue
		}
		if a.lastAffected != nil && v.Compare(*a.lastAffected) > 0 {
			continue
		}
		return true
	}
	return false
}

// FixedFor is the release that fixes the record for a user of v: the
// lowest fixed version above v in v's minor line, else the lowest above v.
func (r *Record) FixedFor(v Version) (fixed string, inLine bool) {
	v = judged(v)
	var best *Version
	var bestRaw string
	for _, a := range r.Affected {
		f := a.fixed
		if f == nil || f.Compare(v) <= 0 {
			continue
		}
		same := f.Major == v.Major && f.Minor == v.Minor
		if best == nil || (same && !inLine) || (same == inLine && f.Compare(*best) < 0) {
			best, bestRaw, inLine = f, a.Fixed, same
		}
	}
	return bestRaw, inLine
}

// Lookup lists the CVEs of Kubernetes releases that affect v in any of
// the given components (every component when none is given), most severe
// first.
func (db *DB) Lookup(v Version, components []string) []Match {
	var out []Match
	for i := range db.Records {
		r := &db.Records[i]
		if r.VersionScheme != SchemeKubernetes || !r.Affects(v) {
			continue
		}
		if len(components) > 0 && !slices.ContainsFunc(r.Components, func(c string) bool { return slices.Contains(components, c) }) {
			continue
		}
		fixed, inLine := r.FixedFor(v)
		out = append(out, Match{Record: r, Version: v, Fixed: fixed, FixedInLine: inLine})
	}
	slices.SortStableFunc(out, func(a, b Match) int {
		return cmp.Or(cmp.Compare(b.Record.rank(), a.Record.rank()), cmp.Compare(a.Record.ID, b.Record.ID))
	})
	return out
}

// rank orders records by severity, then score, for listings.
func (r *Record) rank() float64 {
	score := 0.0
	if r.CVSSScore != nil {
		score = *r.CVSSScore
	}
	return float64(r.severity())*100 + score
}
