package workload

import (
	"strings"
	"unicode"
)

// nameWords splits an environment variable name into lower-case words at
// underscores, dashes, dots and camelCase boundaries: "DB_PASSWORD",
// "dbPassword" and "APIKey" give [db password] and [api key].
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

// notSecretLast, as a name's last word, says the variable is about a secret
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
	"volume": true, "user": true, "username": true, "login": true, "email": true,
}

// nameStrength says how much an environment variable name suggests a secret.
type nameStrength int

const (
	notSecretName nameStrength = iota
	weakSecretName
	secretName
)

// secretNameStrength classifies a variable name. PWD and OLDPWD are the
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
		if word == "public" || word == "pub" {
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
