package workload

import (
	"math"
	"regexp"
	"strconv"
	"strings"
)

// secretPattern is a value format that is a credential whatever the
// variable is called.
type secretPattern struct {
	what string
	re   *regexp.Regexp
}

var secretPatterns = []secretPattern{
	{"an AWS access key ID", regexp.MustCompile(`\b(?:AKIA|ASIA)[0-9A-Z]{16}\b`)},
	{"a GitHub token", regexp.MustCompile(`\b(?:gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{22,})\b`)},
	{"a private key", regexp.MustCompile(`-----BEGIN [A-Z ]*PRIVATE KEY-----`)},
	{"a JSON Web Token", regexp.MustCompile(`\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}`)},
	{"a Slack token", regexp.MustCompile(`\bxox[abposr]-[A-Za-z0-9-]{10,}`)},
	{"a Google API key", regexp.MustCompile(`\bAIza[0-9A-Za-z_-]{35}\b`)},
	{"a Stripe live key", regexp.MustCompile(`\b[rs]k_live_[0-9A-Za-z]{16,}\b`)},
}

// urlPassword finds the password of a URL's user info: scheme://user:pass@host.
var urlPassword = regexp.MustCompile(`[A-Za-z][A-Za-z0-9+.-]*://[^/\s:@]*:([^/\s@]+)@`)

// valuePatternMatch names the credential format a value contains, if any.
func valuePatternMatch(v string) (string, bool) {
	for _, p := range secretPatterns {
		if p.re.MatchString(v) {
			return p.what, true
		}
	}
	if m := urlPassword.FindStringSubmatch(v); m != nil && !notASecretValue(m[1]) {
		return "a URL with an embedded password", true
	}
	return "", false
}

var (
	durationValue = regexp.MustCompile(`^[0-9]+(?:\.[0-9]+)?(?:ns|us|µs|ms|s|m|h|d|w)$`)
	placeholder   = regexp.MustCompile(`^(?:<[^>]*>|\{\{.*\}\}|%[A-Za-z_]+%)$`)
	// fillIn are instructions to the reader rather than values:
	// INSERT_ETCD_DISCOVERY_TOKEN, your-access-key, REPLACE_ME, TOKEN_HERE.
	fillIn    = regexp.MustCompile(`(?i)^(?:(?:insert|replace|your|enter|put)[-_ ].*|replace[-_]?me|.*[-_ ]here)$`)
	schemeURL = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*://`)
)

// plainWords are values that configure rather than authenticate.
var plainWords = map[string]bool{
	"true": true, "false": true, "yes": true, "no": true, "on": true, "off": true,
	"enabled": true, "disabled": true, "none": true, "null": true, "nil": true, "n/a": true, "-": true,
}

// notASecretValue reports values that cannot be a credential in a variable
// with a secret-like name: empty, booleans, numbers, durations, $(VAR) and
// ${VAR} references, file paths, URLs without a password, template
// placeholders, fill-in instructions ("INSERT_TOKEN", "your-key-here") and
// runs of one character ("xxxx", "****"). A weak but working password such
// as "changeme" or "password" is still a literal credential and is reported.
func notASecretValue(v string) bool {
	v = strings.TrimSpace(v)
	switch {
	case v == "", plainWords[strings.ToLower(v)], durationValue.MatchString(v), placeholder.MatchString(v), fillIn.MatchString(v):
		return true
	case strings.Contains(v, "$(") || strings.Contains(v, "${"):
		return true
	case strings.HasPrefix(v, "/") || strings.HasPrefix(v, "./") || strings.HasPrefix(v, "~/"):
		return true
	case schemeURL.MatchString(v):
		return !urlPassword.MatchString(v)
	case strings.Trim(v, v[:1]) == "":
		return true
	}
	_, err := strconv.ParseFloat(v, 64)
	return err == nil
}

// looksRandom reports a long, high-entropy token: what a generated key or
// password looks like, as opposed to a word or an identifier.
func looksRandom(v string) bool {
	if len(v) < 16 || strings.ContainsAny(v, " \t\n") {
		return false
	}
	counts := map[rune]int{}
	n := 0
	for _, r := range v {
		counts[r]++
		n++
	}
	var bits float64
	for _, c := range counts {
		p := float64(c) / float64(n)
		bits -= p * math.Log2(p)
	}
	return bits >= 3.5
}
