package probe

import (
	"context"
	"encoding/json"
	"net/http"

	"github.com/kubeward/kubeward/internal/check"
)

// countAll asks etcd's v3 JSON gateway for the number of keys from "\x00"
// to the end of the key space: an answer proves reads work, and it carries
// no key and no value.
const countAll = `{"key":"AA==","range_end":"AA==","count_only":true}`

// probeEtcd probes an etcd client (or peer) port.
func (r *runner) probeEtcd(ctx context.Context, s *Service) []check.Finding {
	ref := s.Ref()
	role := "client port"
	if s.Kind == KindEtcdPeer {
		role = "peer port"
	}
	if s.Handshake.CertRequired {
		return []check.Finding{passf(EtcdNoClientCert, ref, s.Evidence,
			"etcd %s %s refused a TLS client without a certificate (%s): client-certificate authentication is on", role, s.addr(), s.Handshake.Alert)}
	}
	var out []check.Finding
	v := s.version
	ev := []check.Evidence{v.Evidence()}
	if s.Scheme == "http" {
		out = append(out, failf(EtcdPlainHTTP, ref, ev, "etcd %s: %s over plain HTTP", role, v.Describe()))
	} else if v.OK() {
		out = append(out, failf(EtcdNoClientCert, ref, ev, "etcd %s: %s to a TLS client without a certificate", role, v.Describe()))
	}
	if v.OK() && s.Version != "" {
		out = append(out, failf(EtcdVersion, ref, ev, "%s with etcdserver %s", v.Describe(), s.Version))
	}
	if s.Kind == KindEtcdPeer {
		return out
	}
	x := s.client.do(ctx, http.MethodPost, "/v3/kv/range", "application/json", []byte(countAll))
	xev := []check.Evidence{x.Evidence()}
	var rng struct {
		Header *struct{ Revision string } `json:"header"`
		Count  string                     `json:"count"`
	}
	switch {
	case x.OK() && json.Unmarshal(x.Body, &rng) == nil && rng.Header != nil:
		out = append(out, failf(EtcdReads, ref, xev, "%s: a count-only range over the whole key space succeeded without credentials (%s keys)", x.Describe(), zeroIfEmpty(rng.Count)))
	case x.Refused():
		out = append(out, passf(EtcdReads, ref, xev, "%s: reads need authentication", x.Describe()))
	case x.Err != nil:
		out = append(out, errorf(EtcdReads, ref, xev, "%s; reads were not evaluated", x.Describe()))
	default:
		// No v3 gateway (--enable-grpc-gateway=false): reads over HTTP are
		// not possible, gRPC ones still are on a plain port.
		out = append(out, newFinding(EtcdReads, ref, check.StatusNotEvaluated, x.Describe()+": no v3 JSON gateway answered; reads over gRPC were not tried", xev...))
	}
	return out
}

func zeroIfEmpty(s string) string {
	if s == "" {
		return "0" // proto3 JSON leaves zero out
	}
	return s
}
