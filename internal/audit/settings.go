package audit

import (
	"cmp"
	"net/netip"
	"strings"
	"time"

	"github.com/kubeward/kubeward/internal/config"
)

// Settings are the detectors' parameters, from the audit section of
// .kubeward.yaml with defaults filled in.
type Settings struct {
	Forbidden, Unauthorized config.Threshold
	RepeatWindow            time.Duration
	AnonymousPaths          []string
	ClusterScopedWriters    []string
	AllowedCIDRs            []netip.Prefix
	Trusted                 map[string][]string // by detector ID, built-ins included
	IgnoreUsers             []string
}

// Defaults of the thresholds.
var (
	DefaultForbidden    = config.Threshold{Count: 10, Window: 5 * time.Minute}
	DefaultUnauthorized = config.Threshold{Count: 10, Window: 5 * time.Minute}
)

// DefaultRepeatWindow is how long a detector stays quiet about the same
// user doing the same thing again.
const DefaultRepeatWindow = time.Hour

// DefaultAnonymousPaths are the paths Kubernetes' default RBAC serves to
// everyone (system:public-info-viewer and the service-account issuer
// discovery): serving them to system:anonymous is expected.
var DefaultAnonymousPaths = []string{"/version", "/version/", "/healthz", "/healthz/*", "/livez", "/livez/*", "/readyz", "/readyz/*",
	"/.well-known/openid-configuration", "/openid/v1/jwks"}

// NewSettings fills in defaults for what cfg leaves unset.
func NewSettings(cfg config.Audit) Settings {
	s := Settings{
		Forbidden:            withDefault(cfg.Forbidden, DefaultForbidden),
		Unauthorized:         withDefault(cfg.Unauthorized, DefaultUnauthorized),
		RepeatWindow:         cmp.Or(cfg.RepeatWindow, DefaultRepeatWindow),
		AnonymousPaths:       cfg.AnonymousPaths,
		ClusterScopedWriters: cfg.ClusterScopedWriters,
		IgnoreUsers:          cfg.IgnoreUsers,
		Trusted:              map[string][]string{},
	}
	if s.AnonymousPaths == nil {
		s.AnonymousPaths = DefaultAnonymousPaths
	}
	for _, c := range cfg.AllowedCIDRs {
		if p, err := config.ParseCIDR(c); err == nil { // config validation reported the others
			s.AllowedCIDRs = append(s.AllowedCIDRs, p)
		}
	}
	for _, d := range Detectors() {
		s.Trusted[d.ID] = append(append([]string(nil), d.Trusted...), cfg.Trusted[d.ID]...)
	}
	return s
}

func withDefault(t, def config.Threshold) config.Threshold {
	return config.Threshold{Count: cmp.Or(t.Count, def.Count), Window: cmp.Or(t.Window, def.Window)}
}

// userMatches reports whether a user matches any pattern: a user name, or
// "group:NAME" for a group, each with * standing for any run of
// characters.
func userMatches(patterns []string, u *UserInfo) bool {
	for _, p := range patterns {
		if g, ok := strings.CutPrefix(p, "group:"); ok {
			for _, have := range u.Groups {
				if glob(g, have) {
					return true
				}
			}
			continue
		}
		if glob(p, u.Username) {
			return true
		}
	}
	return false
}

// glob matches value against pattern, where * is any run of characters
// (also ':' and '/', which user names and paths are full of).
func glob(pattern, value string) bool {
	for {
		star := strings.IndexByte(pattern, '*')
		if star < 0 {
			return pattern == value
		}
		if !strings.HasPrefix(value, pattern[:star]) {
			return false
		}
		value, pattern = value[star:], pattern[star+1:]
		if pattern == "" {
			return true
		}
		// Try every place the rest of the pattern could start.
		for i := 0; i <= len(value); i++ {
			if glob(pattern, value[i:]) {
				return true
			}
		}
		return false
	}
}
