package probe

import (
	"fmt"
	"net"
	"strconv"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
)

// RefAPIVersion is the apiVersion of the pseudo-objects probe findings are
// reported on: an Endpoint (host:port) or the Pod the probe runs in.
const RefAPIVersion = "kubeward.dev/v1alpha1"

// EndpointRef names a network endpoint in findings.
func EndpointRef(host string, port int) kube.Ref {
	return kube.Ref{APIVersion: RefAPIVersion, Kind: "Endpoint", Name: net.JoinHostPort(host, strconv.Itoa(port))}
}

// newFinding builds a finding of r on ref with the rule's severity.
func newFinding(r *Rule, ref kube.Ref, status check.Status, msg string, ev ...check.Evidence) check.Finding {
	return check.Finding{
		Check: r.ID, Severity: r.Severity, Status: status, Title: r.Title, Message: msg,
		Object: ref, Frameworks: check.FrameworksOf(r.Controls), Remediation: r.Remediation,
		Evidence: ev,
	}
}

// failf reports an exposure.
func failf(r *Rule, ref kube.Ref, ev []check.Evidence, format string, args ...any) check.Finding {
	return newFinding(r, ref, check.StatusFail, fmt.Sprintf(format, args...), ev...)
}

// passf reports protection: the probe was refused.
func passf(r *Rule, ref kube.Ref, ev []check.Evidence, format string, args ...any) check.Finding {
	f := newFinding(r, ref, check.StatusPass, fmt.Sprintf(format, args...), ev...)
	return f
}

// errorf reports a probe that could not be evaluated; never a pass.
func errorf(r *Rule, ref kube.Ref, ev []check.Evidence, format string, args ...any) check.Finding {
	f := newFinding(r, ref, check.StatusError, fmt.Sprintf(format, args...), ev...)
	return f
}
