package vuln

import (
	"cmp"
	"fmt"
	"strconv"
	"strings"
)

// Version is a release version as Kubernetes components and distributions
// report it: v1.29.3, 1.29.3-eks-abcdef, v1.30.4+k3s1, v1.28.5-gke.1200,
// v1.31.0-rc.1. Only the upstream part (major.minor.patch and an alpha,
// beta or rc pre-release) takes part in comparisons: a vendor's build
// suffix names a build of that upstream release.
type Version struct {
	Major, Minor, Patch int
	// HasPatch is false for a minor line given alone ("1.29"); Patch is
	// then 0 and callers decide what the whole line means.
	HasPatch bool
	Pre      string // upstream pre-release, e.g. "rc.1"; empty for a release
	Build    string // vendor or build suffix, e.g. "eks-abcdef", "k3s1"
	Raw      string // the text parsed
}

// maxPart bounds each number so that comparisons never overflow and a
// version like 1.99999999999999999999 is an error, not a wrap-around.
const maxPart = 1 << 30

// ParseVersion reads a version in any of the forms Version describes.
func ParseVersion(s string) (Version, error) {
	v := Version{Raw: s}
	bad := func(why string) (Version, error) {
		return Version{}, fmt.Errorf("%q is not a version like 1.29.3 (%s)", s, why)
	}
	rest := strings.TrimPrefix(strings.TrimPrefix(s, "v"), "V")
	nums := make([]int, 0, 3)
	for len(nums) < 3 {
		i := 0
		for i < len(rest) && rest[i] >= '0' && rest[i] <= '9' {
			i++
		}
		if i == 0 && len(nums) == 0 {
			return bad("expected a number at the start")
		}
		if i == 0 {
			return bad("expected a number after " + strconv.Quote(s[:len(s)-len(rest)]))
		}
		x, err := strconv.Atoi(rest[:i])
		if err != nil || x >= maxPart {
			return bad("number too large")
		}
		nums, rest = append(nums, x), rest[i:]
		if len(nums) == 3 || !strings.HasPrefix(rest, ".") {
			break
		}
		rest = rest[1:]
	}
	if len(nums) < 2 {
		return bad("needs at least major.minor")
	}
	v.Major, v.Minor = nums[0], nums[1]
	if len(nums) == 3 {
		v.Patch, v.HasPatch = nums[2], true
	}
	switch {
	case rest == "":
	case rest[0] == '+':
		v.Build = rest[1:]
	case rest[0] == '-':
		pre, build, _ := strings.Cut(rest[1:], "+")
		if isUpstreamPre(pre) {
			v.Pre, v.Build = pre, build
		} else {
			// "-eks-abcdef", "-gke.1200": a vendor build, not a pre-release.
			v.Build = rest[1:]
		}
	default:
		return bad("unexpected " + strconv.Quote(rest))
	}
	if rest != "" && (len(rest) == 1 || !suffixChars(rest[1:])) {
		return bad("suffix " + strconv.Quote(rest) + " is not letters, digits, '.', '-', '+' or '_'")
	}
	return v, nil
}

// ParseKubernetesVersion is ParseVersion for a Kubernetes release: the
// major version must be 1. Development builds report v0.0.0-master and
// are refused here, since no CVE range can place them.
func ParseKubernetesVersion(s string) (Version, error) {
	v, err := ParseVersion(strings.TrimSpace(s))
	if err != nil {
		return Version{}, fmt.Errorf("Kubernetes version %w", err)
	}
	if v.Major != 1 {
		return Version{}, fmt.Errorf("Kubernetes version %q is not a 1.x release", s)
	}
	return v, nil
}

// isUpstreamPre says whether a suffix is a Kubernetes pre-release:
// alpha, beta or rc, optionally numbered ("rc.1", "alpha.0.123").
func isUpstreamPre(s string) bool {
	for _, p := range []string{"alpha", "beta", "rc"} {
		if rest, ok := strings.CutPrefix(s, p); ok && (rest == "" || rest[0] == '.' || (rest[0] >= '0' && rest[0] <= '9')) {
			return true
		}
	}
	return false
}

func suffixChars(s string) bool {
	for _, r := range s {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune(".-+_", r)
		if !ok {
			return false
		}
	}
	return true
}

// Compare orders versions by their upstream part: major, minor, patch,
// then a pre-release before its release (semver order). Build suffixes
// are ignored.
func (v Version) Compare(w Version) int {
	if c := cmp.Or(cmp.Compare(v.Major, w.Major), cmp.Compare(v.Minor, w.Minor), cmp.Compare(v.Patch, w.Patch)); c != 0 {
		return c
	}
	switch {
	case v.Pre == w.Pre:
		return 0
	case v.Pre == "":
		return 1
	case w.Pre == "":
		return -1
	}
	return comparePre(v.Pre, w.Pre)
}

// comparePre compares dot-separated pre-release identifiers: numbers
// numerically and below words, words lexically, a shorter list first.
func comparePre(a, b string) int {
	as, bs := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(as) && i < len(bs); i++ {
		x, errX := strconv.Atoi(as[i])
		y, errY := strconv.Atoi(bs[i])
		var c int
		switch {
		case errX == nil && errY == nil:
			c = cmp.Compare(x, y)
		case errX == nil:
			c = -1
		case errY == nil:
			c = 1
		default:
			c = strings.Compare(as[i], bs[i])
		}
		if c != 0 {
			return c
		}
	}
	return cmp.Compare(len(as), len(bs))
}

// MinorLine is "1.29", the release line a version belongs to.
func (v Version) MinorLine() string { return fmt.Sprintf("%d.%d", v.Major, v.Minor) }

// Upstream is the upstream version without a vendor suffix: "1.29.3",
// "1.31.0-rc.1", or "1.29" for a minor line.
func (v Version) Upstream() string {
	s := v.MinorLine()
	if v.HasPatch {
		s += "." + strconv.Itoa(v.Patch)
	}
	if v.Pre != "" {
		s += "-" + v.Pre
	}
	return s
}
