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

// TestMatchPatternInAnyCase: the formats whose names may be written in any
// case are found in any case, and lines without their hints are passed by.
func TestMatchPatternInAnyCase(t *testing.T) {
	const awsKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
	for _, c := range []struct{ line, what, secret string }{
		{"aws_secret_access_key = " + awsKey, "an AWS secret access key", awsKey},
		{`AWS_SECRET_ACCESS_KEY: "` + awsKey + `"`, "an AWS secret access key", awsKey},
		{"AwsSecretKey=" + awsKey, "an AWS secret access key", awsKey},
		{"dsn: postgres://app:s3cr3tP4ss@db:5432/app", "a URL with an embedded password", "s3cr3tP4ss"},
		{"Server=db;User Id=app;PASSWORD=Xy7kk2abc;", "a connection string with a password", "Xy7kk2abc"},
		{"Server=db;Pwd=Xy7kk2abc;", "a connection string with a password", "Xy7kk2abc"},
		{"endpoint: https://example.com/v1/path", "", ""},
		{"opts: a=b;c=d", "", ""},
		{"secret_access_key_name: " + awsKey, "", ""},
	} {
		what, secret, ok := matchPattern(c.line)
		if what != c.what || secret != c.secret || ok != (c.what != "") {
			t.Errorf("matchPattern(%q) = %q, %q, %v; want %q, %q", c.line, what, secret, ok, c.what, c.secret)
		}
	}
	for _, c := range []struct {
		s, sub string
		want   bool
	}{{"AWS_Secret", "aws_secret", true}, {"xPwD", "pwd", true}, {"pw", "pwd", false}, {"", "pwd", false}, {"password", "password", true}, {"X_Y", "_y", true}} {
		if got := containsFold(c.s, c.sub); got != c.want {
			t.Errorf("containsFold(%q, %q) = %v", c.s, c.sub, got)
		}
	}
}
