package config

import (
	"fmt"
	"maps"
	"net/netip"
	"slices"
	"strings"
	"time"
)

// Audit tunes the audit-log detectors of `kubeward audit`. Every field is
// optional; zero values take the defaults documented in docs/audit.md.
type Audit struct {
	// Forbidden: this many 403 answers to one user within Window.
	Forbidden Threshold `yaml:"forbidden"`
	// Unauthorized: this many 401 answers to one source IP within Window.
	Unauthorized Threshold `yaml:"unauthorized"`
	// RepeatWindow: a detector reports the same user doing the same thing
	// (a secret read, an anonymous request...) once per window.
	RepeatWindow time.Duration `yaml:"repeatWindow"`
	// AnonymousPaths are the URL paths (with * wildcards) that
	// system:anonymous may be served without a finding.
	AnonymousPaths []string `yaml:"anonymousPaths"`
	// ClusterScopedWriters turns on audit-cluster-write-unlisted: users
	// ("group:NAME" for groups, * wildcards) allowed to write
	// cluster-scoped objects. Empty: the detector is off.
	ClusterScopedWriters []string `yaml:"clusterScopedWriters"`
	// AllowedCIDRs turns on audit-source-outside-cidrs: the networks
	// requests may come from. Empty: the detector is off.
	AllowedCIDRs []string `yaml:"allowedCIDRs"`
	// Trusted adds users ("group:NAME", * wildcards) a detector does not
	// report, by detector ID, to the detector's built-in list.
	Trusted map[string][]string `yaml:"trusted"`
	// IgnoreUsers are users no detector reports.
	IgnoreUsers []string `yaml:"ignoreUsers"`
}

// Threshold is a count of events within a time window.
type Threshold struct {
	Count  int           `yaml:"count"`
	Window time.Duration `yaml:"window"`
}

func (a *Audit) validate(known func(string) bool) []error {
	var errs []error
	for _, t := range []struct {
		name string
		th   Threshold
	}{{"forbidden", a.Forbidden}, {"unauthorized", a.Unauthorized}} {
		name, th := t.name, t.th
		if th.Count < 0 {
			errs = append(errs, fmt.Errorf("audit.%s.count: %d is negative", name, th.Count))
		}
		if th.Window < 0 {
			errs = append(errs, fmt.Errorf("audit.%s.window: %s is negative", name, th.Window))
		}
	}
	if a.RepeatWindow < 0 {
		errs = append(errs, fmt.Errorf("audit.repeatWindow: %s is negative", a.RepeatWindow))
	}
	for i, c := range a.AllowedCIDRs {
		if _, err := ParseCIDR(c); err != nil {
			errs = append(errs, fmt.Errorf("audit.allowedCIDRs[%d]: %v", i, err))
		}
	}
	for _, id := range slices.Sorted(maps.Keys(a.Trusted)) {
		if !known(id) {
			errs = append(errs, fmt.Errorf("audit.trusted: unknown check %q", id))
		}
	}
	return errs
}

// ParseCIDR reads a network ("10.0.0.0/8") or a single address, which
// stands for itself alone.
func ParseCIDR(s string) (netip.Prefix, error) {
	if !strings.Contains(s, "/") {
		a, err := netip.ParseAddr(s)
		if err != nil {
			return netip.Prefix{}, fmt.Errorf("%q is neither an address nor a CIDR", s)
		}
		return netip.PrefixFrom(a, a.BitLen()), nil
	}
	p, err := netip.ParsePrefix(s)
	if err != nil {
		return netip.Prefix{}, fmt.Errorf("%q is not a CIDR like 10.0.0.0/8", s)
	}
	return p.Masked(), nil
}
