package vuln

import (
	"testing"
	"time"
)

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestSupportOf(t *testing.T) {
	for _, tc := range []struct {
		version, now string
		state        SupportState
		line         string // the row judged
		older        bool
	}{
		{"1.34.2", "2026-08-27", Supported, "1.34", false},
		{"1.34.2", "2026-08-28", EndingSoon, "1.34", false}, // 60 days before 2026-10-27
		{"1.34.2", "2026-10-26", EndingSoon, "1.34", false},
		{"1.34.2", "2026-10-27", EndOfLife, "1.34", false}, // the end-of-life day itself
		{"1.34.2", "2026-11-25", EndOfLife, "1.34", false},
		{"v1.35.0", "2026-11-25", Supported, "1.35", false},
		{"v1.35.0", "2027-01-01", EndingSoon, "1.35", false},
		{"v1.37.2", "2026-11-25", Supported, "1.37", false},
		{"1.29.3-eks-abcdef", "2026-11-25", EndOfLife, "1.29", false},
		{"1.30", "2025-07-14", EndingSoon, "1.30", false},
		{"1.30", "2025-07-15", EndOfLife, "1.30", false},
		{"1.9.11", "2026-11-25", EndOfLife, "1.10", true},
		{"1.38.0", "2026-11-25", UnknownNewer, "1.37", false},
	} {
		v, err := ParseKubernetesVersion(tc.version)
		if err != nil {
			t.Fatal(err)
		}
		s := SupportOf(v, day(tc.now).Add(15*time.Hour)) // the time of day does not count
		if s.State != tc.state || s.Release.Line() != tc.line || s.Older != tc.older {
			t.Errorf("%s on %s: %+v, want state %d row %s older %v", tc.version, tc.now, s, tc.state, tc.line, tc.older)
		}
	}
}

func TestSupportedAt(t *testing.T) {
	for now, want := range map[string]string{
		"2026-11-25": "1.35 1.36 1.37",
		"2026-10-26": "1.34 1.35 1.36 1.37",
		"2025-01-01": "1.29 1.30 1.31 1.32",
	} {
		got := ""
		for _, r := range SupportedAt(day(now)) {
			got += " " + r.Line()
		}
		if got != " "+want {
			t.Errorf("%s: supported%s, want %s", now, got, want)
		}
	}
}

// TestSupportTable keeps the table plausible: since 1.19 upstream supports
// a line for about fourteen months.
func TestSupportTable(t *testing.T) {
	rs := Releases()
	if rs[0].Line() != "1.10" || rs[len(rs)-1].Line() != "1.37" {
		t.Errorf("table covers %s to %s", rs[0].Line(), rs[len(rs)-1].Line())
	}
	for _, r := range rs {
		months := r.EndOfLife.Sub(r.Released).Hours() / 24 / 30.4
		if r.Minor >= 19 && (months < 13.5 || months > 15.5) {
			t.Errorf("%s: supported %.1f months", r.Line(), months)
		}
		if r.Minor < 19 && (months < 8 || months > 15.5) { // before the one-year policy
			t.Errorf("%s: supported %.1f months", r.Line(), months)
		}
	}
	if _, err := parseSupport("minor,released,end_of_life,basis\n1.20,2020-12-08,2022-02-28,actual\n1.22,2021-08-04,2022-10-28,actual\n"); err == nil ||
		err.Error() != "support table row 3: 1.22 does not follow 1.20" {
		t.Errorf("gap: %v", err)
	}
}
