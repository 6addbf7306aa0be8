package secrets

import (
	"slices"
	"testing"
)

func TestNameWords(t *testing.T) {
	for in, want := range map[string][]string{
		"DB_PASSWORD":     {"db", "password"},
		"dbPassword":      {"db", "password"},
		"APIKey":          {"api", "key"},
		"aws.secret-key":  {"aws", "secret", "key"},
		"clientSecretRef": {"client", "secret", "ref"},
	} {
		if got := nameWords(in); !slices.Equal(got, want) {
			t.Errorf("nameWords(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSecretNameStrength(t *testing.T) {
	for name, want := range map[string]nameStrength{
		"MYSQL_ROOT_PASSWORD":   secretName,
		"apiKey":                secretName,
		"STRIPE_API_KEY":        secretName,
		"AWS_SECRET_ACCESS_KEY": secretName,
		"PASSWORD_FILE":         notSecretName,
		"AWS_ACCESS_KEY_ID":     notSecretName,
		"SIGNING_PUBLIC_KEY":    notSecretName,
		"PWD":                   notSecretName,
		"DB_PWD":                secretName,
		"CACHE_KEY":             weakSecretName,
		"LOG_LEVEL":             notSecretName,
		"MAX_TOKENS":            notSecretName,
	} {
		if got := secretNameStrength(name); got != want {
			t.Errorf("secretNameStrength(%q) = %d, want %d", name, got, want)
		}
	}
}
