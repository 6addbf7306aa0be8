package secrets

import (
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// This file is the one place that decides whether a value is a credential.
// Every secret check uses it, so env variables, ConfigMaps and annotations
// are judged alike. Nothing here returns a value for a finding: callers
// report what was found and where, never the text.

// hit is one credential found in a value.
type hit struct {
	what    string // "an AWS access key ID"; "" when the setting's name said it
	setting string // the name of the setting that holds it, when known
	line    int    // 1-based line inside the value; 0 for a single value
	secret  string // the credential text itself: for tests only, never reported
}

// describe renders the hit of the entry called entry for a message,
// without the credential: "an AWS access key ID on line 3", "a literal
// admin_password on line 7", "a literal credential".
func (h hit) describe(entry string) string {
	var s string
	switch {
	case h.what != "":
		s = h.what
	case h.setting == entry || h.setting == "":
		s = "a literal credential"
	default:
		s = "a literal " + h.setting
	}
	if h.line > 0 {
		s += " on line " + strconv.Itoa(h.line)
	}
	return s
}

// ---- names ----

// nameWords splits a setting name into lower-case words at underscores,
// dashes, dots and camelCase boundaries: "DB_PASSWORD", "dbPassword" and
// "APIKey" give [db password] and [api key].
func nameWords(name string) []string {
	var words []string
	var cur []rune
	rs := []rune(name)
	flush := func() {
		if len(cur) > 0 {
			words = append(words, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	for i, r := range rs {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			flush()
			continue
		}
		if i > 0 && unicode.IsUpper(r) {
			prev := rs[i-1]
			nextLower := i+1 < len(rs) && unicode.IsLower(rs[i+1])
			if unicode.IsLower(prev) || unicode.IsDigit(prev) || (unicode.IsUpper(prev) && nextLower) {
				flush()
			}
		}
		cur = append(cur, r)
	}
	flush()
	return words
}

// secretWords make a name secret-like wherever they appear in it.
var secretWords = map[string]bool{
	"password": true, "passwd": true, "pass": true, "passphrase": true, "pw": true, "pwd": true,
	"secret": true, "token": true, "credentials": true, "credential": true, "creds": true,
	"apikey": true, "accesskey": true, "secretkey": true, "privatekey": true, "clientsecret": true,
	"authtoken": true, "signingkey": true, "encryptionkey": true,
}

// secretPairs are two adjacent words that together make a name secret-like.
var secretPairs = map[[2]string]bool{
	{"api", "key"}: true, {"access", "key"}: true, {"private", "key"}: true, {"auth", "key"}: true,
	{"signing", "key"}: true, {"encryption", "key"}: true, {"master", "key"}: true, {"basic", "auth"}: true,
}

// weakWords hint at a secret but are too common alone ("CACHE_KEY=users",
// "AUTH=oidc"): a name with only these counts when its value looks random.
var weakWords = map[string]bool{"key": true, "auth": true, "salt": true, "hmac": true}

// notSecretLast, as a name's last word, says the setting is about a secret
// rather than the secret itself: "PASSWORD_FILE", "TOKEN_URL", "SECRET_NAME".
var notSecretLast = map[string]bool{
	"file": true, "path": true, "dir": true, "directory": true, "name": true, "names": true,
	"url": true, "uri": true, "endpoint": true, "host": true, "hostname": true, "port": true, "server": true,
	"enabled": true, "enable": true, "disabled": true, "disable": true, "required": true,
	"type": true, "mode": true, "id": true, "ttl": true, "timeout": true, "expiry": true, "expiration": true,
	"expires": true, "lifetime": true, "duration": true, "interval": true, "period": true, "length": true,
	"len": true, "size": true, "header": true, "algorithm": true, "alg": true, "format": true,
	"version": true, "namespace": true, "provider": true, "method": true, "realm": true, "issuer": true,
	"audience": true, "scope": true, "scopes": true, "prefix": true, "field": true, "location": true,
	"ref": true, "count": true, "max": true, "min": true, "limit": true, "policy": true,
	"strategy": true, "store": true, "backend": true, "source": true, "kind": true, "mount": true,
	"volume": true, "user": true, "username": true, "login": true, "email": true, "reload": true,
}

// digestWords anywhere in a name say its value is a digest of something
// ("checksum/secret", "PASSWORD_HASH"), which is not a credential.
var digestWords = map[string]bool{
	"checksum": true, "hash": true, "digest": true, "sha": true, "sha1": true, "sha256": true,
	"md5": true, "fingerprint": true,
}

// namesDigest reports whether a name has a digest word anywhere, its
// domain prefix included.
func namesDigest(name string) bool {
	return slices.ContainsFunc(nameWords(name), func(w string) bool { return digestWords[w] })
}

// nameStrength says how much a setting name suggests a secret.
type nameStrength int

const (
	notSecretName nameStrength = iota
	weakSecretName
	secretName
)

// secretNameStrength classifies a setting name. PWD and OLDPWD are the
// shell's working directories, and a public key is not a secret.
func secretNameStrength(name string) nameStrength {
	w := nameWords(name)
	if len(w) == 0 || notSecretLast[w[len(w)-1]] {
		return notSecretName
	}
	if len(w) == 1 && (w[0] == "pwd" || w[0] == "oldpwd") {
		return notSecretName
	}
	strength := notSecretName
	for i, word := range w {
		if word == "public" || word == "pub" || digestWords[word] {
			return notSecretName
		}
		if secretWords[word] || (i > 0 && secretPairs[[2]string{w[i-1], word}]) {
			strength = secretName
		}
		if weakWords[word] && strength < weakSecretName {
			strength = weakSecretName
		}
	}
	return strength
}

// ---- value formats ----

// secretPattern is a value format that is a credential whatever the
// setting is called. hints are literal strings one of which the format
// contains: the regexp only runs when one is present, which keeps large
// ConfigMaps cheap.
type secretPattern struct {
	what  string
	hints []string // one of them is in every match; the regular expression is tried only then
	re    *regexp.Regexp
	fold  bool // the hints are lower case and found in any case
}

// hinted reports whether v holds one of the pattern's hints.
func (p *secretPattern) hinted(v string) bool {
	if p.fold {
		return slices.ContainsFunc(p.hints, func(h string) bool { return containsFold(v, h) })
	}
	return containsAny(v, p.hints)
}

// secretPatterns are tried in order; the first that matches names the hit.
// The Google service account comes before the generic private key, which
// it also contains.
var secretPatterns = []secretPattern{
	{"a Google service account key", []string{`"private_key"`},
		regexp.MustCompile(`"private_key"\s*:\s*"(-----BEGIN[^"]*PRIVATE KEY-----[^"]{16,})`), false},
	{"a private key", []string{"PRIVATE KEY-----"}, regexp.MustCompile(`-----BEGIN [A-Z ]*PRIVATE KEY-----`), false},
	{"an AWS access key ID", []string{"AKIA", "ASIA"}, regexp.MustCompile(`\b(?:AKIA|ASIA)[0-9A-Z]{16}\b`), false},
	{"an AWS secret access key", []string{"aws_secret", "awssecret"},
		regexp.MustCompile(`(?i)aws_?secret_?(?:access_?)?key["']?\s*[:=]\s*["']?([A-Za-z0-9/+]{40})(?:[^A-Za-z0-9/+=]|$)`), true},
	{"an Azure storage account key", []string{"AccountKey="}, regexp.MustCompile(`AccountKey=([A-Za-z0-9+/]{86}==)`), false},
	{"an Azure shared access key", []string{"SharedAccessKey="}, regexp.MustCompile(`SharedAccessKey=([A-Za-z0-9+/]{40,}=*)`), false},
	{"a GitHub token", []string{"ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"},
		regexp.MustCompile(`\b(?:gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{22,})\b`), false},
	{"a GitLab token", []string{"glpat-", "glrt-", "gldt-", "glptt-"}, regexp.MustCompile(`\bgl(?:pat|rt|dt|ptt)-[A-Za-z0-9_-]{20,}`), false},
	{"a Slack token", []string{"xox"}, regexp.MustCompile(`\bxox[abposr]-[A-Za-z0-9-]{10,}`), false},
	{"a Slack webhook URL", []string{"hooks.slack.com/"}, regexp.MustCompile(`hooks\.slack\.com/services/T[A-Z0-9]+/B[A-Z0-9]+/([A-Za-z0-9]{20,})`), false},
	{"a JSON Web Token", []string{"eyJ"}, regexp.MustCompile(`\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}`), false},
	{"a Google API key", []string{"AIza"}, regexp.MustCompile(`\bAIza[0-9A-Za-z_-]{35}\b`), false},
	{"a Stripe API key", []string{"k_live_"}, regexp.MustCompile(`\b[rs]k_live_[0-9A-Za-z]{16,}\b`), false},
}

// urlPassword finds the password of a URL's user info: scheme://user:pass@host.
var urlPassword = regexp.MustCompile(`[A-Za-z][A-Za-z0-9+.-]*://[^/\s:@]*:([^/\s@]+)@`)

// connPassword finds the password of a semicolon-separated connection
// string: "Server=db;User Id=app;Password=...;".
var connPassword = regexp.MustCompile(`(?i)(?:^|;)\s*(?:password|pwd)\s*=\s*([^;"'\s]+)\s*(?:;|$)`)

// matchPattern finds a credential format in v. It returns what it is and
// the matched text.
func matchPattern(v string) (what, secret string, ok bool) {
	return matchPatterns(v, secretPatterns)
}

// matchPatterns is matchPattern over some of the formats: a document's
// lines are only tried against the formats whose hints the whole document
// contains.
func matchPatterns(v string, patterns []secretPattern) (what, secret string, ok bool) {
	for _, p := range patterns {
		if !p.hinted(v) {
			continue
		}
		if m := p.re.FindStringSubmatch(v); m != nil {
			return p.what, m[len(m)-1], true
		}
	}
	if strings.Contains(v, "://") && strings.IndexByte(v, '@') >= 0 {
		for _, m := range urlPassword.FindAllStringSubmatch(v, -1) {
			if !notASecretValue(m[1]) {
				return "a URL with an embedded password", m[1], true
			}
		}
	}
	if strings.Contains(v, ";") && strings.Contains(v, "=") && (containsFold(v, "password") || containsFold(v, "pwd")) {
		if m := connPassword.FindStringSubmatch(v); m != nil && !notASecretValue(m[1]) {
			return "a connection string with a password", m[1], true
		}
	}
	return "", "", false
}

// containsFold reports whether s holds sub, a lower-case ASCII word, in
// any case, without making a lower-case copy of s.
func containsFold(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i]|0x20 == sub[0]|0x20 && strings.EqualFold(s[i:i+len(sub)], sub) {
			return true
		}
	}
	return false
}

func containsAny(s string, subs []string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// ---- values that cannot be credentials ----

var (
	durationValue = regexp.MustCompile(`^[0-9]+(?:\.[0-9]+)?(?:ns|us|µs|ms|s|m|h|d|w)$`)
	placeholder   = regexp.MustCompile(`^(?:<[^>]*>|\{\{.*\}\}|%[A-Za-z_]+%|@[A-Za-z_]+@|\$[A-Za-z_{].*|#\{.*\}|%\(.*\)s)$`)
	// fillIn are instructions to the reader rather than values:
	// INSERT_ETCD_DISCOVERY_TOKEN, your-access-key, REPLACE_ME, TOKEN_HERE.
	fillIn    = regexp.MustCompile(`(?i)^(?:(?:insert|replace|your|enter|put)[-_ ].*|replace[-_]?me|.*[-_ ]here)$`)
	schemeURL = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*://`)
	// relPath is a slash-separated reference to something stored
	// elsewhere ("database/creds/app", "secret/data/web"), not a credential.
	relPath = regexp.MustCompile(`^[a-z0-9_.-]+(?:/[a-z0-9_.-]+)+$`)
)

// plainWords are values that configure rather than authenticate.
var plainWords = map[string]bool{
	"true": true, "false": true, "yes": true, "no": true, "on": true, "off": true, "~": true,
	"enabled": true, "disabled": true, "none": true, "null": true, "nil": true, "n/a": true, "-": true,
}

// refPrefixes start values that point at a secret store rather than
// hold the secret: Vault and cloud secret manager references, encrypted
// values.
var refPrefixes = []string{"vault:", "ref+", "arn:aws:secretsmanager:", "sm://", "ENC(", "enc:", "azurekeyvault:"}

// notASecretValue reports values that cannot be a credential in a setting
// with a secret-like name: empty, booleans, numbers, durations, $(VAR),
// ${VAR}, $VAR and template references, file paths, URLs without a
// password, references to a secret store, fill-in instructions
// ("INSERT_TOKEN", "your-key-here") and runs of one character ("xxxx",
// "****"). A weak but working password such as "changeme" or "password" is
// still a literal credential and is reported.
func notASecretValue(v string) bool {
	v = strings.TrimSpace(v)
	switch {
	case v == "", plainWords[strings.ToLower(v)], durationValue.MatchString(v), placeholder.MatchString(v), fillIn.MatchString(v):
		return true
	case strings.Contains(v, "$(") || strings.Contains(v, "${") || strings.Contains(v, "{{"):
		return true
	case strings.HasPrefix(v, "/") || strings.HasPrefix(v, "./") || strings.HasPrefix(v, "~/"):
		return true
	case schemeURL.MatchString(v):
		return !urlPassword.MatchString(v)
	case strings.Trim(v, v[:1]) == "", relPath.MatchString(v):
		return true
	}
	for _, p := range refPrefixes {
		if strings.HasPrefix(v, p) {
			return true
		}
	}
	_, err := strconv.ParseFloat(v, 64)
	return err == nil
}

// looksRandom reports a long, high-entropy token: what a generated key or
// password looks like, as opposed to a word, an identifier or a dotted
// name such as a label key.
func looksRandom(v string) bool {
	if len(v) < 16 || strings.ContainsAny(v, " \t\n.") {
		return false
	}
	counts := map[rune]int{}
	n, letters, digits := 0, false, false
	for _, r := range v {
		counts[r]++
		n++
		letters = letters || unicode.IsLetter(r)
		digits = digits || unicode.IsDigit(r)
	}
	if !letters || !digits {
		return false
	}
	var bits float64
	for _, c := range counts {
		p := float64(c) / float64(n)
		bits -= p * math.Log2(p)
	}
	return bits >= 3.5
}

// ---- judging settings and documents ----

// judge decides whether a setting called name with the single value v is
// a credential: by the value's format, or by the name when the value is
// not obviously something else. A weak name ("KEY", "AUTH") counts only
// with a random-looking value; so does every name when strict, for
// settings whose values usually name a secret rather than hold it.
func judge(name, v string, strict bool) (hit, bool) {
	if what, secret, ok := matchPattern(v); ok {
		return hit{what: what, setting: name, secret: secret}, true
	}
	switch secretNameStrength(name) {
	case secretName:
		if notASecretValue(v) || (strict && !looksRandom(v)) {
			return hit{}, false
		}
	case weakSecretName:
		if notASecretValue(v) || !looksRandom(v) {
			return hit{}, false
		}
	default:
		return hit{}, false
	}
	return hit{setting: name, secret: strings.TrimSpace(v)}, true
}

// settingLine is one "name = value" or "name: value" line of a config
// file (INI, properties, dotenv, TOML, YAML, JSON).
var settingLine = regexp.MustCompile(`^\s*(?:-\s+)?(?:export\s+)?["']?([A-Za-z_][A-Za-z0-9_.-]{0,63})["']?\s*[:=]\s*(.*)$`)

// nameHints are the substrings of every secret-like name (lower case); a
// line without one is not parsed at all.
var nameHints = []string{"pass", "pw", "secret", "token", "cred", "key", "auth", "salt", "hmac"}

// scanText finds credentials in a document: credential formats anywhere,
// and settings with a secret-like name and a literal value on lines of
// config files. Comment lines are skipped: they hold examples far more
// often than live credentials.
func scanText(text string) []hit {
	var hits []hit
	// Most documents hold no hint of any format and no secret-like name:
	// find out once, on the whole text, rather than for every line.
	var formats []secretPattern
	for _, p := range secretPatterns {
		if p.hinted(text) {
			formats = append(formats, p)
		}
	}
	names := containsAny(strings.ToLower(text), nameHints)
	for i, line := range strings.Split(text, "\n") {
		t := strings.TrimSpace(line)
		if t == "" || strings.HasPrefix(t, "#") || strings.HasPrefix(t, "//") || strings.HasPrefix(t, ";") || strings.HasPrefix(t, "<!--") {
			continue
		}
		if what, secret, ok := matchPatterns(line, formats); ok {
			hits = append(hits, hit{what: what, line: i + 1, secret: secret})
			continue
		}
		if !names || !containsAny(strings.ToLower(line), nameHints) {
			continue
		}
		m := settingLine.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		v, ok := settingValue(m[2])
		if !ok {
			continue
		}
		if h, ok := judge(m[1], v, false); ok {
			h.line = i + 1
			hits = append(hits, h)
		}
	}
	// A private key block spans many lines; so does a service account
	// file. Find them on the whole text once.
	if len(hits) == 0 && strings.Contains(text, "\n") {
		if what, secret, ok := matchPattern(text); ok {
			hits = append(hits, hit{what: what, secret: secret})
		}
	}
	return hits
}

// settingValue extracts the literal value of a config line: the quoted
// string, or the unquoted text up to a trailing comment or separator. It
// declines values that open a nested structure or a multi-line block.
func settingValue(raw string) (string, bool) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return "", false
	}
	switch raw[0] {
	case '"', '\'':
		end := strings.IndexByte(raw[1:], raw[0])
		if end < 0 {
			return "", false
		}
		return raw[1 : 1+end], true
	case '{', '[', '|', '>', '&', '*', '!':
		return "", false
	}
	if i := strings.Index(raw, " #"); i >= 0 {
		raw = raw[:i]
	}
	return strings.TrimRight(strings.TrimSpace(raw), ",;"), true
}

// judgeEntry judges one named value of an object (a ConfigMap key, an
// annotation): a single-line value by its name and format, a document by
// its content. strict is judge's.
func judgeEntry(name, v string, strict bool) []hit {
	if strings.Contains(strings.TrimRight(v, "\n"), "\n") || strings.HasPrefix(strings.TrimSpace(v), "{") {
		return scanText(v)
	}
	if h, ok := judge(name, v, strict); ok {
		return []hit{h}
	}
	return scanText(v)
}
