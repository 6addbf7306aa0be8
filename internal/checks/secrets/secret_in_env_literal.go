package secrets

import (
	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
)

// SecretInEnvLiteral reports credentials written as literal environment
// variable values. Its findings never carry the value.
var SecretInEnvLiteral = &check.Check[kube.Container]{
	Meta: check.Meta{
		ID:       "secret-in-env-literal",
		Title:    "Secret in a literal environment variable",
		Severity: check.High,
		Family:   Family,
		Description: "An environment variable of the container has a literal value that is a credential: either " +
			"the variable's name says it holds one (PASSWORD, SECRET, TOKEN, API_KEY, ACCESS_KEY, PRIVATE_KEY, " +
			"CREDENTIALS and the like) and the value is not obviously something else (empty, a boolean, a " +
			"number, a $(VAR) reference, a file path, a URL without a password), or the value has the shape " +
			"of a known credential (AWS access key ID, GitHub, Slack or Stripe token, private key, JSON Web " +
			"Token, URL with a password). Names such as KEY or AUTH alone count only with a long random " +
			"value. A literal value is stored in plain text in the manifest, in version control, in the " +
			"object in etcd and in everything that can read the workload, and it cannot be rotated without a " +
			"redeploy. Values taken from valueFrom are fine. Findings never include the value.",
		Remediation: "Move the value into a Secret (or an external secret store) and reference it with " +
			"env[].valueFrom.secretKeyRef, or better mount it as a file; rotate the credential, since it has " +
			"been exposed.",
		Controls: []check.Control{
			{Framework: check.FrameworkCIS, ID: "5.4.1"},
			{Framework: check.FrameworkNSA, ID: "secrets"},
			{Framework: check.FrameworkMITRE, ID: "T1552"},
		},
		Peers: check.Peers{KubeLinter: "env-var-secret", Polaris: "sensitiveContainerEnvVar", Kubescape: "C-0012"},
	},
	Run: func(p *check.Pass[kube.Container]) error {
		c := p.Subject
		for i, e := range c.Env {
			if e.ValueFrom != nil || e.Value == "" {
				continue
			}
			h, ok := judge(e.Name, e.Value, false)
			if !ok {
				continue
			}
			at := kube.Index(c.Path+".env", i) + ".value"
			if h.what != "" {
				p.Reportf(at, "%s sets env %s to a literal value that looks like %s (redacted); use a Secret", c.Describe(), e.Name, h.what)
				continue
			}
			p.Reportf(at, "%s sets env %s to a literal value (redacted); use a Secret", c.Describe(), e.Name)
		}
		return nil
	},
}
