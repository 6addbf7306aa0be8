package vuln

import (
	"bytes"
	"cmp"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"
	"sync"
)

// embeddedCVEs is the CVE data kubeward ships with; data/SOURCES.md says
// where it comes from.
//
//go:embed data/k8s-cves.json
var embeddedCVEs []byte

// Record is one CVE as the data file describes it (data/SOURCES.md,
// "Record fields"). Unknown fields are ignored so that newer files load.
type Record struct {
	ID            string   `json:"id"`
	Published     string   `json:"published"`
	Summary       string   `json:"summary"`
	Component     string   `json:"component"`
	Components    []string `json:"components"`
	Scope         string   `json:"scope"`
	VersionScheme string   `json:"version_scheme"`
	Severity      *string  `json:"severity"`
	CVSSScore     *float64 `json:"cvss_v3_score"`
	CVSSVector    *string  `json:"cvss_v3_vector"`
	CVSSSource    *string  `json:"cvss_source"`
	Status        string   `json:"status"`
	Affected      []Range  `json:"affected"`
	FixedVersions []string `json:"fixed_versions"`
	URL           string   `json:"url"`
	Sources       []string `json:"sources"`
	Notes         string   `json:"notes,omitempty"`
	FixedText     string   `json:"fixed_text,omitempty"`
}

// Range is an OSV-style range of affected versions: introduced <= v <
// fixed, or introduced <= v <= last_affected, or introduced <= v when
// neither bound is given. Introduced "0" means every earlier version.
type Range struct {
	Introduced   string `json:"introduced"`
	Fixed        string `json:"fixed,omitempty"`
	LastAffected string `json:"last_affected,omitempty"`

	introduced, fixed, lastAffected *Version // parsed at load; nil when absent or "0"
}

// Status values of a record.
const (
	StatusFixed          = "fixed"
	StatusUnfixed        = "unfixed"         // every version affected; mitigate by configuration
	StatusMitigationOnly = "mitigation-only" // the fix only adds a setting that must be turned on
	StatusNoImpact       = "no-impact"       // never reported
)

// SchemeKubernetes marks records whose ranges are Kubernetes release
// versions; the others (ingress-nginx, CSI drivers, ...) version an add-on
// and are never matched against a cluster's version.
const SchemeKubernetes = "kubernetes"

// DB is a loaded, validated CVE data set.
type DB struct {
	Source  string // "embedded" or the file it was read from
	Records []Record
}

// Newest is the latest publication date in the data ("2026-03-19"): CVEs
// announced after it are unknown to this data set.
func (db *DB) Newest() string {
	newest := ""
	for _, r := range db.Records {
		newest = max(newest, r.Published)
	}
	return newest
}

var embedded = sync.OnceValues(func() (*DB, error) { return Parse("embedded", embeddedCVEs) })

// Embedded returns the CVE data built into kubeward, parsed once.
func Embedded() (*DB, error) { return embedded() }

// LoadFile reads a CVE data file in the embedded data's format, for
// --cve-data. Nothing is fetched: a newer file is the user's to download.
func LoadFile(path string) (*DB, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("CVE data: %w", err)
	}
	return Parse(path, data)
}

// Parse decodes and validates CVE data. Errors name the source and, for
// malformed JSON, the line and column.
func Parse(name string, data []byte) (*DB, error) {
	var recs []Record
	if err := json.Unmarshal(data, &recs); err != nil {
		return nil, jsonError(name, data, err)
	}
	if len(recs) == 0 {
		return nil, fmt.Errorf("%s: no CVE records (want a JSON array of records)", name)
	}
	seen := map[string]bool{}
	var errs []error
	for i := range recs {
		r := &recs[i]
		if err := r.validate(); err != nil {
			errs = append(errs, fmt.Errorf("%s: record %d (%s): %w", name, i+1, cmp.Or(r.ID, "no id"), err))
			continue
		}
		if seen[r.ID] {
			errs = append(errs, fmt.Errorf("%s: record %d: duplicate id %s", name, i+1, r.ID))
		}
		seen[r.ID] = true
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return &DB{Source: name, Records: recs}, nil
}

var statuses = []string{StatusFixed, StatusUnfixed, StatusMitigationOnly, StatusNoImpact}

var severities = []string{"low", "medium", "high", "critical"}

func (r *Record) validate() error {
	switch {
	case r.ID == "":
		return errors.New("no id")
	case r.VersionScheme == "":
		return errors.New("no version_scheme")
	case !slices.Contains(statuses, r.Status):
		return fmt.Errorf("status %q is not one of %v", r.Status, statuses)
	case r.Severity != nil && !slices.Contains(severities, *r.Severity):
		return fmt.Errorf("severity %q is not one of %v or null", *r.Severity, severities)
	case r.CVSSScore != nil && (*r.CVSSScore < 0 || *r.CVSSScore > 10):
		return fmt.Errorf("cvss_v3_score %v is not between 0 and 10", *r.CVSSScore)
	case len(r.Components) == 0 && r.Component == "":
		return errors.New("no component")
	}
	if len(r.Components) == 0 {
		r.Components = []string{r.Component}
	}
	for i := range r.Affected {
		a := &r.Affected[i]
		var err error
		if a.introduced, err = boundOf(a.Introduced, true); err != nil {
			return fmt.Errorf("affected[%d].introduced: %w", i, err)
		}
		if a.fixed, err = boundOf(a.Fixed, false); err != nil {
			return fmt.Errorf("affected[%d].fixed: %w", i, err)
		}
		if a.lastAffected, err = boundOf(a.LastAffected, false); err != nil {
			return fmt.Errorf("affected[%d].last_affected: %w", i, err)
		}
		if a.fixed != nil && a.lastAffected != nil {
			return fmt.Errorf("affected[%d]: both fixed and last_affected", i)
		}
		if a.introduced != nil && a.fixed != nil && a.introduced.Compare(*a.fixed) >= 0 {
			return fmt.Errorf("affected[%d]: introduced %s is not before fixed %s", i, a.Introduced, a.Fixed)
		}
	}
	if r.Status == StatusFixed && len(r.Affected) > 0 && !slices.ContainsFunc(r.Affected, func(a Range) bool { return a.fixed != nil || a.lastAffected != nil }) {
		return errors.New("status fixed but no range has a fixed or last_affected version")
	}
	return nil
}

// boundOf parses a range bound; "" (absent) and, for introduced, "0"
// (from the beginning) give nil.
func boundOf(s string, introduced bool) (*Version, error) {
	if s == "" {
		if introduced {
			return nil, errors.New("missing")
		}
		return nil, nil
	}
	if introduced && s == "0" {
		return nil, nil
	}
	v, err := ParseVersion(s)
	if err != nil {
		return nil, err
	}
	if !v.HasPatch {
		return nil, fmt.Errorf("%q has no patch number", s)
	}
	return &v, nil
}

// jsonError puts the line and column of a decoding error in front of it,
// so that a hand-edited data file can be fixed where it is broken.
func jsonError(name string, data []byte, err error) error {
	var offset int64 = -1
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		offset = se.Offset
	case errors.As(err, &te):
		offset = te.Offset
	}
	if offset < 0 {
		return fmt.Errorf("%s: %w", name, err)
	}
	line, col := position(data, offset)
	return fmt.Errorf("%s:%d:%d: %w", name, line, col, err)
}

// position turns a byte offset into a 1-based line and column. The JSON
// decoder reports the offset just past the bad byte, so that byte is the
// one pointed at.
func position(data []byte, offset int64) (line, col int) {
	if offset > int64(len(data)) {
		offset = int64(len(data))
	}
	if offset > 0 {
		offset-- // point at the byte read last, not past it
	}
	before := data[:offset]
	line = bytes.Count(before, []byte("\n")) + 1
	col = int(offset) - (bytes.LastIndexByte(before, '\n') + 1) + 1
	return line, col
}
