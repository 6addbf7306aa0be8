package probe

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
)

// The kubelet probes name a pod that does not exist: a request that gets
// past authentication and authorization then reaches the handler, which
// answers 404, and nothing runs anywhere.
const noPod = "kubeward-probe/kubeward-probe"

// kubeletHandler is one kubelet endpoint probed for reachability.
type kubeletHandler struct {
	rule   *Rule
	method string
	path   string
	// reached says whether the answer came from the handler itself.
	reached func(*exchange) bool
}

// handlerReached: anything but a refusal, a wrong method or no answer.
func handlerReached(x *exchange) bool {
	return x.Err == nil && !x.Refused() && x.Status != http.StatusMethodNotAllowed && x.Status != 0
}

func okContains(s string) func(*exchange) bool {
	return func(x *exchange) bool { return x.OK() && bytes.Contains(x.Body, []byte(s)) }
}

var kubeletHandlers = []kubeletHandler{
	{KubeletRunningPods, http.MethodGet, "/runningpods/", okContains(`"items"`)},
	{KubeletLogs, http.MethodGet, "/containerLogs/" + noPod + "/kubeward-probe", handlerReached},
	{KubeletExec, http.MethodGet, "/exec/" + noPod + "/kubeward-probe?command=true&output=1", handlerReached},
	{KubeletRun, http.MethodPost, "/run/" + noPod + "/kubeward-probe?cmd=true", handlerReached},
	{KubeletAttach, http.MethodGet, "/attach/" + noPod + "/kubeward-probe?output=1", handlerReached},
	{KubeletPortForward, http.MethodGet, "/portForward/" + noPod + "?port=80", handlerReached},
	{KubeletHealthz, http.MethodGet, "/healthz", (*exchange).OK},
	{KubeletCmdline, http.MethodGet, "/debug/pprof/cmdline", (*exchange).OK},
	{KubeletConfigz, http.MethodGet, "/configz", okContains(`"kubeletconfig"`)},
	{KubeletHostLogs, http.MethodGet, "/logs/", okContains("<pre>")},
}

// probeKubelet probes the kubelet's authenticated port (10250).
func (r *runner) probeKubelet(ctx context.Context, s *Service) []check.Finding {
	ref := s.Ref()
	pods := s.client.get(ctx, "/pods")
	ev := []check.Evidence{pods.Evidence()}
	var out []check.Finding
	switch {
	case pods.Err != nil:
		return []check.Finding{errorf(KubeletAnonymous, ref, ev, "%s; the kubelet was not evaluated", pods.Describe())}
	case pods.Status == http.StatusUnauthorized:
		return []check.Finding{passf(KubeletAnonymous, ref, ev, "%s: anonymous authentication is off", pods.Describe())}
	case pods.Status == http.StatusForbidden:
		out = append(out, failf(KubeletAnonymous, ref, ev, "%s: anonymous requests are authenticated (authorization refused this one)", pods.Describe()))
	case pods.OK():
		out = append(out, failf(KubeletAnonymous, ref, ev, "%s: anonymous requests are authenticated and authorized", pods.Describe()))
		out = append(out, failf(KubeletPods, ref, ev, "%s with the pods of the node", pods.Describe()))
		out = append(out, podSpecFindings(ref, pods)...)
	default:
		out = append(out, errorf(KubeletAnonymous, ref, ev, "%s: not a kubelet answer; the kubelet was not evaluated", pods.Describe()))
	}
	for _, h := range kubeletHandlers {
		x := s.client.do(ctx, h.method, h.path, "", nil)
		if h.reached(x) {
			out = append(out, failf(h.rule, ref, []check.Evidence{x.Evidence()}, "%s without credentials", x.Describe()))
		}
	}
	return out
}

// probeReadOnly probes the kubelet's read-only port (10255): everything
// there is open by design, so being open is the finding.
func (r *runner) probeReadOnly(ctx context.Context, s *Service) []check.Finding {
	ref := s.Ref()
	pods := s.client.get(ctx, "/pods")
	out := []check.Finding{}
	if pods.OK() {
		out = append(out, failf(KubeletReadOnly, ref, []check.Evidence{pods.Evidence()}, "%s over plain HTTP with the pods of the node", pods.Describe()))
		out = append(out, podSpecFindings(ref, pods)...)
	}
	if x := s.client.get(ctx, "/healthz"); x.OK() {
		out = append(out, failf(KubeletHealthz, ref, []check.Evidence{x.Evidence()}, "%s without credentials", x.Describe()))
	}
	if x := s.client.get(ctx, "/metrics"); x.OK() {
		if v := buildVersion(x.Body); v != "" {
			out = append(out, failf(KubeletVersion, ref, []check.Evidence{x.Evidence()}, "%s with kubernetes_build_info gitVersion %s", x.Describe(), v))
			r.disclose(disclosed{ref: ref, component: "kubelet", version: v, request: x.Method + " " + x.URL})
		}
	}
	return out
}

var buildInfo = regexp.MustCompile(`kubernetes_build_info\{[^}]*gitVersion="([^"]+)"`)

// buildVersion reads the gitVersion label of kubernetes_build_info.
func buildVersion(metrics []byte) string {
	if m := buildInfo.FindSubmatch(metrics); m != nil {
		return string(m[1])
	}
	return ""
}

// podList is what the probes read of a kubelet's /pods answer.
type podList struct {
	Items []struct {
		Metadata struct{ Name, Namespace string }
		Spec     struct {
			Containers []struct {
				Name            string
				SecurityContext *struct{ Privileged *bool }
			}
			Volumes []struct {
				Name     string
				HostPath *struct{ Path string }
			}
		}
	}
}

// podSpecFindings reports privileged containers and /var/log host mounts
// in the pods a kubelet served.
func podSpecFindings(ref kube.Ref, x *exchange) []check.Finding {
	var pl podList
	if err := json.Unmarshal(x.Body, &pl); err != nil {
		return []check.Finding{errorf(KubeletPods, ref, []check.Evidence{x.Evidence()}, "the pod list could not be read: %v", err)}
	}
	var out []check.Finding
	for _, p := range pl.Items {
		pod := p.Metadata.Namespace + "/" + p.Metadata.Name
		for i, c := range p.Spec.Containers {
			if c.SecurityContext != nil && c.SecurityContext.Privileged != nil && *c.SecurityContext.Privileged {
				f := failf(KubeletPrivileged, ref, []check.Evidence{x.Evidence()}, "pod %s runs container %q privileged (served by %s)", pod, c.Name, x.URL)
				f.Path = fmt.Sprintf("%s: spec.containers[%d].securityContext.privileged", pod, i)
				out = append(out, f)
			}
		}
		for i, v := range p.Spec.Volumes {
			if v.HostPath != nil && strings.HasPrefix(v.HostPath.Path, "/var/log") {
				f := failf(KubeletVarLog, ref, []check.Evidence{x.Evidence()}, "pod %s mounts host path %s as volume %q (served by %s)", pod, v.HostPath.Path, v.Name, x.URL)
				f.Path = fmt.Sprintf("%s: spec.volumes[%d].hostPath.path", pod, i)
				out = append(out, f)
			}
		}
	}
	return out
}
