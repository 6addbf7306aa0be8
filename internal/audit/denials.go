package audit

import (
	"fmt"

	"github.com/kubeward/kubeward/internal/check"
)

// RepeatedForbidden reports a user refused again and again: someone trying
// out what stolen credentials can do, or a workload probing for
// permissions it was not given.
var RepeatedForbidden = &Detector{
	Meta: check.Meta{
		ID: "audit-repeated-forbidden", Title: "User repeatedly refused by authorization (403)", Severity: check.High, Family: "audit",
		Description: "Counts Forbidden (403) answers per user or service account in a sliding window. Many refusals in a short time " +
			"are what probing looks like: an attacker with stolen credentials trying what they can reach, or a compromised workload " +
			"enumerating its permissions. The finding carries the refused requests.",
		Remediation: "Find out who holds these credentials and why they ask for what they may not do; revoke or rotate the credentials if the requests are not explained.",
		Controls:    []check.Control{{Framework: check.FrameworkMITRE, ID: "T1078"}, {Framework: check.FrameworkMITRE, ID: "T1613"}},
	},
	Tunables: []string{"forbidden.count", "forbidden.window"},
	New: func(s *Settings) Observer {
		b := newBursts(s.Forbidden)
		return func(ev *Event, out *Out) {
			if ev.Code() != 403 || ev.User.Username == "" {
				return
			}
			refs := b.add(ev.User.Username, ev)
			if refs == nil {
				return
			}
			out.Report(Alert{
				Object: userRef(ev.User.Username), Events: refs,
				Message: fmt.Sprintf("user %q got %d Forbidden (403) answers within %s from %s; the last: %s %s",
					ev.User.Username, len(refs), s.Forbidden.Window, sourceIPsOf(refs), ev.Verb, describeObject(ev)),
			})
		}
	},
}

// RepeatedUnauthorized reports a source address whose requests keep
// failing authentication: guessed, expired or revoked credentials.
var RepeatedUnauthorized = &Detector{
	Meta: check.Meta{
		ID: "audit-repeated-unauthorized", Title: "Source repeatedly failing authentication (401)", Severity: check.High, Family: "audit",
		Description: "Counts Unauthorized (401) answers per source IP in a sliding window. The API server does not know who sent " +
			"a request that fails authentication, so the source address is the key. Many failures point at credential guessing, " +
			"or at a client still using a revoked or expired token.",
		Remediation: "Identify the client at that address; block it if it is unknown, or give it valid credentials if it is a broken integration.",
		Controls:    []check.Control{{Framework: check.FrameworkMITRE, ID: "T1110"}},
	},
	Tunables: []string{"unauthorized.count", "unauthorized.window"},
	New: func(s *Settings) Observer {
		b := newBursts(s.Unauthorized)
		return func(ev *Event, out *Out) {
			if ev.Code() != 401 {
				return
			}
			ip := "unknown"
			if len(ev.SourceIPs) > 0 {
				ip = ev.SourceIPs[0]
			}
			refs := b.add(ip, ev)
			if refs == nil {
				return
			}
			out.Report(Alert{
				Object: objectRefForIP(ip), Events: refs,
				Message: fmt.Sprintf("source %s got %d Unauthorized (401) answers within %s; the last: %s %s",
					ip, len(refs), s.Unauthorized.Window, ev.Verb, pathOf(ev.RequestURI)),
			})
		}
	},
}
