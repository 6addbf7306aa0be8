package audit

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/kubeward/kubeward/internal/check"
)

// maxSourcesPerAccount bounds what is learned of one service account; an
// account seen from more places than this is not tracked further.
const maxSourcesPerAccount = 32

// TokenNewSource reports a service-account token used from an address or
// client it was not used from before in the stream: a token copied out of
// a pod and replayed from elsewhere.
var TokenNewSource = &Detector{
	Meta: check.Meta{
		ID: "audit-token-new-source", Title: "Service-account token used from a new source", Severity: check.Medium, Family: "audit",
		Description: "Learns, per service account, the source IPs and user-agent products (kubectl, curl, a controller's name) it " +
			"is used from. The first request of an account teaches; a later request from an address or client not seen before " +
			"is reported, and then learned. The learning happens within one stream (a kubeward audit run, or a serve process).",
		Remediation: "Check where the new requests come from; if the token was copied out of its pod, delete the service account's tokens (rotate the signing key for long-lived ones) and find how it leaked.",
		Controls:    []check.Control{{Framework: check.FrameworkMITRE, ID: "T1550.001"}},
	},
	New: func(*Settings) Observer {
		type seen struct{ ips, agents []string }
		accounts := map[string]*seen{}
		return func(ev *Event, out *Out) {
			name := ev.User.Username
			if !strings.HasPrefix(name, "system:serviceaccount:") || ev.Code() == 401 {
				return
			}
			agent := agentProduct(ev.UserAgent)
			s, ok := accounts[name]
			if !ok {
				if len(accounts) >= maxKeys {
					clear(accounts)
				}
				accounts[name] = &seen{ips: slices.Clone(ev.SourceIPs), agents: []string{agent}}
				return
			}
			var news []string
			for _, ip := range ev.SourceIPs {
				if !slices.Contains(s.ips, ip) && len(s.ips) < maxSourcesPerAccount {
					news = append(news, fmt.Sprintf("source IP %s (known: %s)", ip, strings.Join(s.ips, ", ")))
					s.ips = append(s.ips, ip)
				}
			}
			if !slices.Contains(s.agents, agent) && len(s.agents) < maxSourcesPerAccount {
				news = append(news, fmt.Sprintf("user agent %q (known: %s)", agent, strings.Join(s.agents, ", ")))
				s.agents = append(s.agents, agent)
			}
			if len(news) == 0 {
				return
			}
			out.Report(Alert{
				Object: userRef(name), Events: []EventRef{refOf(ev)},
				Message: fmt.Sprintf("service account %q used from new %s: %s %s", strings.TrimPrefix(name, "system:serviceaccount:"),
					strings.Join(news, " and new "), ev.Verb, describeObject(ev)),
			})
		}
	},
}

// agentProduct is the product part of a user agent, "kubectl" in
// "kubectl/v1.37.2 (linux/amd64) kubernetes/abc": a client upgrade keeps
// it, a different client changes it.
func agentProduct(ua string) string {
	if i := strings.IndexAny(ua, "/ "); i >= 0 {
		ua = ua[:i]
	}
	if ua == "" {
		return "(none)"
	}
	return ua
}

// SourceOutsideCIDRs reports requests from addresses outside the networks
// the API is expected to be used from. Off unless audit.allowedCIDRs is
// set.
var SourceOutsideCIDRs = &Detector{
	Meta: check.Meta{
		ID: "audit-source-outside-cidrs", Title: "Request from outside the allowed networks", Severity: check.High, Family: "audit",
		Description: "When audit.allowedCIDRs is set, reports requests whose source IPs (the client and any proxies in " +
			"X-Forwarded-For) fall outside every listed network. Off when the list is empty. Each user and address is reported " +
			"once per repeat window.",
		Remediation: "Find out who used the API from that address; restrict access to the API server endpoint to the expected networks.",
		Controls:    []check.Control{{Framework: check.FrameworkMITRE, ID: "T1133"}},
	},
	Tunables: []string{"allowedCIDRs", "repeatWindow"},
	New: func(s *Settings) Observer {
		if len(s.AllowedCIDRs) == 0 {
			return nil
		}
		return func(ev *Event, out *Out) {
			for _, ip := range ev.SourceIPs {
				a, err := netip.ParseAddr(ip)
				if err == nil && slices.ContainsFunc(s.AllowedCIDRs, func(p netip.Prefix) bool { return p.Contains(a.Unmap()) }) {
					continue
				}
				out.ReportOnce(ev.User.Username+" "+ip, ev.Time(), Alert{
					Object: userRef(ev.User.Username), Events: []EventRef{refOf(ev)},
					Message: fmt.Sprintf("user %q sent a request from %s, outside audit.allowedCIDRs: %s %s (%s)", ev.User.Username, ip, ev.Verb, pathOf(ev.RequestURI), answer(ev)),
				})
			}
		}
	},
}
