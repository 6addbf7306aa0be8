package probe

import (
	"bytes"
	"context"
	"strings"
	"time"

	"github.com/kubeward/kubeward/internal/check"
)

// probeKubectlProxy reports an exposed kubectl proxy and the version it
// passes on.
func (r *runner) probeKubectlProxy(ctx context.Context, s *Service) []check.Finding {
	ref := s.Ref()
	x := s.client.get(ctx, "/api/v1")
	out := []check.Finding{}
	if x.OK() {
		out = append(out, failf(KubectlProxy, ref, []check.Evidence{x.Evidence()}, "%s with an APIResourceList over plain HTTP without credentials", x.Describe()))
	}
	if s.Version != "" && s.version != nil {
		out = append(out, failf(APIVersion, ref, []check.Evidence{s.version.Evidence()}, "%s with gitVersion %s through kubectl proxy", s.version.Describe(), s.Version))
		r.disclose(disclosed{ref: ref, component: "control-plane", version: s.Version, request: "GET " + s.version.URL})
	}
	return out
}

// probeDashboard reports a Dashboard whose API answers without login, and
// one that asks for it.
func (r *runner) probeDashboard(ctx context.Context, s *Service) []check.Finding {
	ref := s.Ref()
	x := s.client.get(ctx, "/api/v1/service/default")
	ev := []check.Evidence{x.Evidence()}
	switch {
	case x.OK() && bytes.Contains(x.Body, []byte(`"listMeta"`)):
		return []check.Finding{failf(Dashboard, ref, ev, "%s with data and no login", x.Describe())}
	case x.Refused():
		return []check.Finding{passf(Dashboard, ref, ev, "%s: the Dashboard asks for a login", x.Describe())}
	default:
		return []check.Finding{errorf(Dashboard, ref, ev, "%s; not evaluated", x.Describe())}
	}
}

// probeSecurePort probes the controller-manager's or scheduler's secure
// port: health endpoints are open by default, metrics must not be.
func (r *runner) probeSecurePort(ctx context.Context, s *Service, rule *Rule) []check.Finding {
	ref := s.Ref()
	x := s.client.get(ctx, "/metrics")
	ev := []check.Evidence{x.Evidence()}
	switch {
	case x.OK():
		return []check.Finding{failf(rule, ref, ev, "%s without credentials", x.Describe())}
	case x.Refused():
		return []check.Finding{passf(rule, ref, ev, "%s: metrics need authentication", x.Describe())}
	default:
		return []check.Finding{errorf(rule, ref, ev, "%s; not evaluated", x.Describe())}
	}
}

// probeMetrics reports a Prometheus endpoint open to anyone.
func (r *runner) probeMetrics(ctx context.Context, s *Service) []check.Finding {
	x := s.client.get(ctx, "/metrics")
	if !x.OK() || !isPrometheus(x.Body) {
		return nil
	}
	f := failf(MetricsOpen, s.Ref(), []check.Evidence{x.Evidence()}, "%s (%s) without credentials", x.Describe(), s.Kind)
	if v := buildVersion(x.Body); v != "" {
		f.Message += "; kubernetes_build_info gitVersion " + v
		r.disclose(disclosed{ref: s.Ref(), component: "node", version: v, request: "GET " + x.URL})
	}
	return []check.Finding{f}
}

// certFindings judges the served certificate.
func certFindings(s *Service, now time.Time) []check.Finding {
	c := s.Handshake.Cert
	if c == nil {
		return nil
	}
	ev := []check.Evidence{c.evidence()}
	var out []check.Finding
	if len(c.emails) > 0 {
		out = append(out, failf(CertEmail, s.Ref(), ev, "the certificate served on %s names %s", s.addr(), strings.Join(c.emails, ", ")))
	}
	switch {
	case now.After(c.NotAfter):
		out = append(out, failf(CertExpired, s.Ref(), ev, "the certificate served on %s expired on %s", s.addr(), c.NotAfter.Format(time.RFC3339)))
	case now.Before(c.notBefore):
		out = append(out, failf(CertExpired, s.Ref(), ev, "the certificate served on %s is valid only from %s", s.addr(), c.notBefore.Format(time.RFC3339)))
	}
	return out
}
