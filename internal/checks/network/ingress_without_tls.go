package network

import (
	"slices"
	"strconv"
	"strings"

	networkingv1 "k8s.io/api/networking/v1"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
)

// lbTLSAnnotations attach a certificate to an Ingress outside spec.tls: the
// cloud load balancer or the controller terminates TLS with it. The value,
// when given, must contain the text (case-insensitively) to count.
var lbTLSAnnotations = map[string]string{
	"alb.ingress.kubernetes.io/certificate-arn":         "",
	"alb.ingress.kubernetes.io/listen-ports":            "https",
	"networking.gke.io/managed-certificates":            "",
	"ingress.gcp.kubernetes.io/pre-shared-cert":         "",
	"appgw.ingress.kubernetes.io/appgw-ssl-certificate": "",
	"traefik.ingress.kubernetes.io/router.tls":          "true",
}

// IngressWithoutTLS reports Ingresses that route hosts without TLS.
var IngressWithoutTLS = &check.Check[*kube.Typed[networkingv1.Ingress]]{
	Meta: check.Meta{
		ID:       "ingress-without-tls",
		Title:    "Ingress without TLS",
		Severity: check.Medium,
		Family:   Family,
		Description: "An Ingress with rules but no spec.tls serves its hosts over plain HTTP: " +
			"credentials, session cookies and data cross the network readable and alterable " +
			"by anyone on the path. An Ingress whose spec.tls lists some hosts is reported for " +
			"each rule host no entry covers (an entry without hosts covers them all). " +
			"Certificates attached by a cloud or controller annotation (AWS ALB, GKE, Azure " +
			"Application Gateway, Traefik router.tls) count as TLS. extensions/v1beta1 and " +
			"networking.k8s.io/v1beta1 Ingresses are read the same way: rules and tls did not " +
			"change between versions.",
		Remediation: "Add a spec.tls entry with a certificate Secret for every host (cert-manager " +
			"can issue them), and redirect HTTP to HTTPS.",
		Controls: []check.Control{
			{Framework: check.FrameworkMITRE, ID: "T1557"},
			{Framework: check.FrameworkMITRE, ID: "T1040"},
		},
		Peers: check.Peers{Polaris: "tlsSettingsMissing", Kubescape: "C-0263"},
	},
	Run: func(p *check.Pass[*kube.Typed[networkingv1.Ingress]]) error {
		if g := p.Object.Group(); g != "networking.k8s.io" && g != "extensions" {
			return nil
		}
		spec := &p.Subject.Value.Spec
		if len(spec.Rules) == 0 || tlsByAnnotation(p.Object) {
			return nil
		}
		if len(spec.TLS) == 0 {
			p.Reportf("spec.rules", "%s served over plain HTTP: spec.tls is not set", describeHosts(spec.Rules))
			return nil
		}
		for i, r := range spec.Rules {
			if r.Host != "" && !tlsCovers(spec.TLS, r.Host) {
				p.Reportf(kube.Key(kube.Index("spec.rules", i), "host"),
					"host %q is served without its certificate: no spec.tls entry lists it", r.Host)
			}
		}
		return nil
	},
}

func tlsByAnnotation(o *kube.Object) bool {
	for key, want := range lbTLSAnnotations {
		v, ok := o.Meta.Annotations[key]
		if ok && strings.TrimSpace(v) != "" && strings.Contains(strings.ToLower(v), want) {
			return true
		}
	}
	return false
}

// tlsCovers reports whether a TLS entry names the host, directly or by a
// wildcard for its first label, or names no hosts at all.
func tlsCovers(tls []networkingv1.IngressTLS, host string) bool {
	host = strings.ToLower(host)
	for _, t := range tls {
		if len(t.Hosts) == 0 {
			return true
		}
		for _, h := range t.Hosts {
			h = strings.ToLower(h)
			if h == host {
				return true
			}
			if rest, ok := strings.CutPrefix(h, "*."); ok {
				if _, after, found := strings.Cut(host, "."); found && after == rest {
					return true
				}
			}
		}
	}
	return false
}

// describeHosts names the rules' hosts for a message: `host "a" is`,
// `hosts "a", "b" are`, or "every host is" when a rule has no host.
func describeHosts(rules []networkingv1.IngressRule) string {
	var hosts []string
	for _, r := range rules {
		if r.Host == "" {
			return "every host is"
		}
		if h := strconv.Quote(r.Host); !slices.Contains(hosts, h) {
			hosts = append(hosts, h)
		}
	}
	if len(hosts) == 1 {
		return "host " + hosts[0] + " is"
	}
	return "hosts " + strings.Join(hosts, ", ") + " are"
}
