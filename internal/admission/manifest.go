package admission

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"regexp"
	"strings"
	"text/template"
)

// ManifestOptions shape the deployment `kubeward admission manifest`
// prints.
type ManifestOptions struct {
	Namespace string // where the webhook runs; excluded from its own selector
	Image     string
	Replicas  int
	// FailurePolicy is Fail (a request is refused while no replica
	// answers) or Ignore (it is admitted unchecked); docs/admission.md
	// weighs the two.
	FailurePolicy  string
	TimeoutSeconds int
	// CABundle is the PEM of the CA that signed the serving certificate,
	// for clusters without cert-manager; the Secret named TLSSecret must
	// then be made by hand. Empty: cert-manager issues the certificate
	// and injects its CA.
	CABundle []byte
	// Args are extra arguments of `kubeward admission serve`.
	Args []string
}

// Names shared by the objects of the manifest.
const (
	ManifestName = "kubeward-admission"
	TLSSecret    = "kubeward-admission-tls"
	WebhookName  = "validate.kubeward.dev"
)

// resourceRule is the API group and resources of kinds the checks look at.
type resourceRule struct {
	Group     string
	Resources []string
}

// webhookResources are the resources whose kinds the checks apply to,
// matched by the webhook (matchPolicy Equivalent also sends the same
// objects through other API versions). Webhook configurations are left
// out: the API server never sends them to webhooks. A test keeps this list
// equal to the kinds the checks take.
var webhookResources = []resourceRule{
	{"", []string{"pods", "pods/ephemeralcontainers", "replicationcontrollers", "podtemplates", "services",
		"configmaps", "secrets", "serviceaccounts", "namespaces"}},
	{"apps", []string{"deployments", "statefulsets", "daemonsets", "replicasets"}},
	{"batch", []string{"jobs", "cronjobs"}},
	{"rbac.authorization.k8s.io", []string{"roles", "clusterroles", "rolebindings", "clusterrolebindings"}},
	{"networking.k8s.io", []string{"ingresses", "networkpolicies"}},
	{"policy", []string{"poddisruptionbudgets"}},
}

var dnsLabel = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$`)

// Manifest renders the objects that run the webhook: Namespace,
// ServiceAccount, RBAC to watch namespaces, Service, Deployment,
// PodDisruptionBudget, NetworkPolicy, the certificate (cert-manager unless
// a CA bundle is given) and the ValidatingWebhookConfiguration.
func Manifest(o ManifestOptions) ([]byte, error) {
	switch {
	case !dnsLabel.MatchString(o.Namespace):
		return nil, fmt.Errorf("namespace %q is not a valid namespace name", o.Namespace)
	case o.Image == "" || strings.ContainsAny(o.Image, " \t\n\"'"):
		return nil, fmt.Errorf("image %q is not an image reference", o.Image)
	case o.Replicas < 1:
		return nil, fmt.Errorf("replicas must be at least 1, not %d", o.Replicas)
	case o.FailurePolicy != "Fail" && o.FailurePolicy != "Ignore":
		return nil, fmt.Errorf("failure policy %q is neither Fail nor Ignore", o.FailurePolicy)
	case o.TimeoutSeconds < 1 || o.TimeoutSeconds > 30:
		return nil, fmt.Errorf("timeout %ds is outside the 1 to 30 seconds the API server allows", o.TimeoutSeconds)
	}
	for _, a := range o.Args {
		if strings.ContainsAny(a, "\"\\\n") {
			return nil, fmt.Errorf("argument %q cannot be written in the manifest", a)
		}
	}
	data := struct {
		ManifestOptions
		Name, Secret, Webhook string
		CA                    string
		Pinned                bool
		Resources             []resourceRule
	}{o, ManifestName, TLSSecret, WebhookName, "", strings.Contains(o.Image, "@sha256:"), webhookResources}
	if len(o.CABundle) > 0 {
		data.CA = base64.StdEncoding.EncodeToString(o.CABundle)
	}
	var b bytes.Buffer
	if err := manifestTemplate.Execute(&b, data); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

var manifestTemplate = template.Must(template.New("manifest").Funcs(template.FuncMap{
	"join": func(ss []string) string {
		q := make([]string, len(ss))
		for i, s := range ss {
			q[i] = fmt.Sprintf("%q", s)
		}
		return strings.Join(q, ", ")
	},
}).Parse(manifestText))
