package probe

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"time"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
)

// Service is an open endpoint and what answers there.
type Service struct {
	endpoint
	Kind      Kind
	Scheme    string // "https" or "http"; "" when nothing but TLS was possible
	Handshake handshake
	Version   string // as the service disclosed it
	// Evidence is what identification rests on: the requests and answers.
	Evidence []check.Evidence
	// Err, when set, says why the endpoint could not be identified or
	// probed: it hung, reset or answered garbage.
	Err    string
	client *client
	// version is the GET /version exchange, reused by the probes.
	version *exchange
}

// Ref is the endpoint as findings name it.
func (s *Service) Ref() kube.Ref { return EndpointRef(s.Host, s.Port) }

// versionInfo is what API servers (gitVersion) and etcd (etcdserver)
// answer at /version, and what a Status error looks like.
type versionInfo struct {
	Major       string `json:"major"`
	GitVersion  string `json:"gitVersion"`
	EtcdServer  string `json:"etcdserver"`
	EtcdCluster string `json:"etcdcluster"`
	Kind        string `json:"kind"`
}

// identify finds out what answers on an open endpoint.
func identify(ctx context.Context, ep endpoint, timeout time.Duration) *Service {
	s := &Service{endpoint: ep, Kind: KindUnknown}
	h := tlsHandshake(ctx, ep.addr(), timeout)
	s.Handshake = h
	if h.Err != nil && (isEOF(h.Err) || isReset(h.Err)) {
		// Plain-HTTP servers often hang up on a ClientHello; HTTP decides.
		s.Evidence = append(s.Evidence, check.Evidence{Source: "tls", Setting: "TLS handshake with " + ep.addr(), Value: transportError(h.Err, timeout)})
		h.Err = nil
		s.Handshake = h
	}
	if h.Err != nil {
		s.Err = "TLS handshake: " + transportError(h.Err, timeout)
		s.Evidence = append(s.Evidence, check.Evidence{Source: "tls", Setting: "TLS handshake with " + ep.addr(), Value: s.Err})
		s.Kind = pick(ep.Kind, KindUnknown)
		return s
	}
	if h.Cert != nil {
		s.Evidence = append(s.Evidence, h.Cert.evidence())
	}
	if h.CertRequired {
		// Nothing more is reachable without a client certificate.
		s.Scheme = "https"
		s.Kind = pick(ep.Kind, portHint[ep.Port], KindUnknown)
		s.Evidence = append(s.Evidence, check.Evidence{Source: "tls",
			Setting: "TLS handshake with " + ep.addr() + " without a client certificate", Value: "refused: " + h.Alert})
		return s
	}
	s.Scheme = "http"
	if h.TLS {
		s.Scheme = "https"
	}
	s.client = newClient(s.Scheme, ep.addr(), timeout)
	x := s.client.get(ctx, "/version")
	s.version = x
	s.Evidence = append(s.Evidence, x.Evidence())
	if x.Err != nil {
		s.Err = x.Describe()
		s.Kind = pick(ep.Kind, KindUnknown)
		return s
	}
	s.Kind = pick(ep.Kind, s.classify(ctx, x))
	return s
}

// classify reads the answers of the endpoint until one says what it is.
func (s *Service) classify(ctx context.Context, version *exchange) Kind {
	hint := portHint[s.Port]
	var vi versionInfo
	isJSON := json.Unmarshal(version.Body, &vi) == nil
	switch {
	case isJSON && vi.EtcdServer != "":
		s.Version = vi.EtcdServer
		return KindEtcd
	case isJSON && vi.GitVersion != "":
		s.Version = vi.GitVersion
		if s.Scheme == "http" {
			api := s.client.get(ctx, "/api/v1")
			s.Evidence = append(s.Evidence, api.Evidence())
			if api.OK() && bytes.Contains(api.Body, []byte(`"APIResourceList"`)) && s.Port != 8080 {
				return KindKubectlProxy
			}
		}
		return controlPlane(hint)
	case isJSON && vi.Kind == "Status":
		return controlPlane(hint)
	}
	pods := s.client.get(ctx, "/pods")
	s.Evidence = append(s.Evidence, pods.Evidence())
	switch {
	case pods.OK() && bytes.Contains(pods.Body, []byte(`"PodList"`)):
		if s.Scheme == "http" {
			return KindKubeletReadOnly
		}
		return KindKubelet
	case kubeletRefusal(pods):
		return KindKubelet
	}
	// The controller-manager and the scheduler serve no /version; their
	// /configz names them when open, and on their own ports a Status
	// refusal there is theirs. Asked before /metrics, which they serve too.
	cz := s.client.get(ctx, "/configz")
	if k := secureComponent(cz, hint); k != "" {
		s.Evidence = append(s.Evidence, cz.Evidence())
		return k
	}
	// Asked before /metrics too: the Dashboard serves Prometheus metrics.
	dash := s.client.get(ctx, "/api/v1/service/default")
	if isDashboard(dash) {
		s.Evidence = append(s.Evidence, dash.Evidence())
		return KindDashboard
	}
	metrics := s.client.get(ctx, "/metrics")
	s.Evidence = append(s.Evidence, metrics.Evidence())
	if metrics.OK() && isPrometheus(metrics.Body) {
		if hint == KindKubeProxy {
			return KindKubeProxy
		}
		return KindMetrics
	}
	if hint == KindKubeProxy || hint == KindEtcdPeer {
		return hint
	}
	return KindUnknown
}

// controlPlane is the API-server-shaped component on a port: the
// controller-manager and the scheduler serve the same error shape.
func controlPlane(hint Kind) Kind {
	if hint == KindControllerManager || hint == KindScheduler {
		return hint
	}
	return KindAPIServer
}

// secureComponent recognises the controller-manager or the scheduler from
// their GET /configz: open, it is {"componentconfig": ...} holding the
// component's own configuration (the scheduler's has Profiles, the
// controller-manager's Generic); refused, it is a Status like any API
// server's, so only the port tells, and only on 10257 and 10259.
func secureComponent(x *exchange, hint Kind) Kind {
	switch {
	case x.OK():
		var cz struct {
			ComponentConfig map[string]json.RawMessage `json:"componentconfig"`
		}
		if json.Unmarshal(x.Body, &cz) != nil || cz.ComponentConfig == nil {
			return ""
		}
		switch {
		case cz.ComponentConfig["Profiles"] != nil:
			return KindScheduler
		case cz.ComponentConfig["Generic"] != nil:
			return KindControllerManager
		}
	case x.Refused():
		var vi versionInfo
		if json.Unmarshal(x.Body, &vi) == nil && vi.Kind == "Status" && (hint == KindControllerManager || hint == KindScheduler) {
			return hint
		}
	}
	return ""
}

// isDashboard recognises the Dashboard's API: a list with listMeta when
// it answers without login, its login error when it does not.
func isDashboard(x *exchange) bool {
	return x.OK() && bytes.Contains(x.Body, []byte(`"listMeta"`)) ||
		x.Refused() && bytes.Contains(x.Body, []byte("MSG_LOGIN_UNAUTHORIZED_ERROR"))
}

// kubeletRefusal recognises the kubelet's own refusals, which are plain
// text, unlike the API server's Status objects: "Unauthorized" (401) and
// "Forbidden (user=..., verb=..., resource=nodes, subresource=...)" (403).
func kubeletRefusal(x *exchange) bool {
	body := bytes.TrimSpace(x.Body)
	switch x.Status {
	case http.StatusUnauthorized:
		return string(body) == "Unauthorized"
	case http.StatusForbidden:
		return bytes.HasPrefix(body, []byte("Forbidden (user="))
	}
	return false
}

func isPrometheus(b []byte) bool {
	return bytes.Contains(b, []byte("# HELP ")) || bytes.Contains(b, []byte("# TYPE "))
}

func pick(kinds ...Kind) Kind {
	for _, k := range kinds {
		if k != "" {
			return k
		}
	}
	return KindUnknown
}
