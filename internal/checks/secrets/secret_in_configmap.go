package secrets

import (
	"maps"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
	corev1 "k8s.io/api/core/v1"
)

// SecretInConfigMap reports credentials stored in ConfigMaps. Its findings
// name the key, the setting and the line, never the value.
var SecretInConfigMap = &check.Check[*kube.Typed[corev1.ConfigMap]]{
	Meta: check.Meta{
		ID:       "secret-in-configmap",
		Title:    "Credential in a ConfigMap",
		Severity: check.High,
		Family:   Family,
		Description: "A value of the ConfigMap (data or text binaryData) holds a credential: a private key, " +
			"a Google service account key, an AWS access key ID or secret access key, an Azure storage or " +
			"shared access key, a GitHub, GitLab or Slack token, a Slack webhook, a JSON Web Token, a URL or " +
			"connection string with a password, or a setting whose name says it is a secret (password, " +
			"secret, token, api key, ...) with a literal value. Settings are read from env-style keys " +
			"(DB_PASSWORD: ...) and from the lines of config files (INI, properties, dotenv, TOML, YAML, " +
			"JSON); comment lines and values that are references ($VAR, ${VAR}, {{ }}, vault:, file paths), " +
			"placeholders, booleans and numbers are not credentials. A name that only hints at a secret " +
			"(key, auth, salt) needs a long random value. ConfigMaps are not meant for secrets: anyone who " +
			"may read ConfigMaps of the namespace, and every tool that lists them, sees the value, and it " +
			"is not encrypted at rest. Findings never include the value.",
		Remediation: "Move the value into a Secret (or an external secret store) and mount it, keeping only " +
			"non-secret settings in the ConfigMap; rotate the credential, since it has been exposed.",
		Controls: []check.Control{
			{Framework: check.FrameworkCIS, ID: "5.4.1"},
			{Framework: check.FrameworkNSA, ID: "secrets"},
			{Framework: check.FrameworkMITRE, ID: "T1552"},
		},
		Peers: check.Peers{Polaris: "sensitiveConfigmapContent", Kubescape: "C-0012", Trivy: "KSV0109"},
	},
	Run: func(p *check.Pass[*kube.Typed[corev1.ConfigMap]]) error {
		cm := p.Subject.Value
		for _, k := range slices.Sorted(maps.Keys(cm.Data)) {
			reportEntry(p, kube.Key("data", k), k, cm.Data[k])
		}
		for _, k := range slices.Sorted(maps.Keys(cm.BinaryData)) {
			// Binary files (keystores, images) are not read; text stored
			// as binaryData is.
			if b := cm.BinaryData[k]; utf8.Valid(b) && !slices.Contains(b, 0) {
				reportEntry(p, kube.Key("binaryData", k), k, string(b))
			}
		}
		return nil
	},
}

// reportEntry reports the credentials of one ConfigMap key, at most one
// finding per key.
func reportEntry[T any](p *check.Pass[T], path, key, v string) {
	if hits := judgeEntry(key, v, false); len(hits) > 0 {
		p.Reportf(path, "ConfigMap key %q holds %s (redacted); move it into a Secret", key, summarize(key, hits))
	}
}

// summarize names up to three hits of the entry called name for a
// message.
func summarize(name string, hits []hit) string {
	parts := make([]string, 0, 3)
	for _, h := range hits[:min(len(hits), 3)] {
		parts = append(parts, h.describe(name))
	}
	s := strings.Join(parts, ", ")
	if n := len(hits) - len(parts); n > 0 {
		s += " and " + strconv.Itoa(n) + " more"
	}
	return s
}
