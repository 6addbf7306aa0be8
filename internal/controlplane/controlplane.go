package controlplane

import (
	"context"
	"fmt"
	"slices"
	"strings"

	corev1 "k8s.io/api/core/v1"

	"github.com/kubeward/kubeward/internal/bench"
	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/cluster"
	"github.com/kubeward/kubeward/internal/kube"
)

// Components are the control-plane components read from mirror pods, by
// the value of their component label, which is also their benchmark name.
var Components = []string{"kube-apiserver", "kube-controller-manager", "kube-scheduler", "etcd"}

// Namespace is where mirror pods of the control plane live.
const Namespace = "kube-system"

// NotVisibleCheck is the ID of the finding that says a component's flags
// could not be evaluated through the API.
const NotVisibleCheck = "control-plane-flags"

// Result is what a cluster's control plane gave: findings (fail, warn and
// not-evaluated; passes are not findings in a scan) and the rules they
// refer to.
type Result struct {
	Findings []check.Finding
	Rules    []*check.Meta
}

// Scan lists kube-system's Pods and evaluates the mirror pods of the
// control plane against the benchmark b. A component with no mirror pod,
// or a cluster whose kube-system Pods cannot be listed, gets one
// not-evaluated finding saying so: a managed control plane is not a pass.
func Scan(ctx context.Context, c *cluster.Client, b *bench.Benchmark) (*Result, error) {
	objs, denied, err := c.List(ctx, Namespace, "Pod")
	if err != nil {
		return nil, err
	}
	if len(denied) > 0 {
		return notVisible(c.Name, b, Components, "could not list pods in "+Namespace+": "+denied[0].Reason), nil
	}
	var pods []*Pod
	for _, o := range objs {
		p, err := kube.Decode[corev1.Pod](o)
		if err != nil {
			return nil, fmt.Errorf("pod %s/%s: %w", o.Namespace, o.Name, err)
		}
		if mp := MirrorPod(p); mp != nil {
			mp.Ref, mp.Location = o.Ref, o.Location
			pods = append(pods, mp)
		}
	}
	return Evaluate(c.Name, b, pods), nil
}

// Pod is one control-plane mirror pod: the component it runs and the
// component container's command line.
type Pod struct {
	Ref       kube.Ref
	Location  kube.Location
	Component string
	Argv      []string // command followed by args
	Path      string   // field path of the command, e.g. spec.containers[0].command
}

// MirrorPod reads a Pod as a control-plane component, or returns nil when
// it is not one (no tier=control-plane label or an unknown component).
// The component's container is the one named after it, else the first.
func MirrorPod(p *corev1.Pod) *Pod {
	comp := p.Labels["component"]
	if p.Labels["tier"] != "control-plane" || !slices.Contains(Components, comp) || len(p.Spec.Containers) == 0 {
		return nil
	}
	i := slices.IndexFunc(p.Spec.Containers, func(c corev1.Container) bool { return c.Name == comp })
	if i < 0 {
		i = 0
	}
	ctr := p.Spec.Containers[i]
	argv := append(slices.Clone(ctr.Command), ctr.Args...)
	return &Pod{Component: comp, Argv: argv, Path: fmt.Sprintf("spec.containers[%d].command", i),
		Ref: kube.Ref{APIVersion: "v1", Kind: "Pod", Namespace: p.Namespace, Name: p.Name}}
}

// Evaluate judges each mirror pod's flags with the benchmark's flag and
// config checks of its component. Config files named by flags (the
// encryption config) are on the node, not in the API: those checks are
// not evaluated, saying so. Components without a mirror pod are reported
// not evaluated, once each.
func Evaluate(clusterName string, b *bench.Benchmark, pods []*Pod) *Result {
	res := &Result{}
	rules := map[string]bool{}
	seen := map[string]bool{}
	for _, p := range pods {
		seen[p.Component] = true
		source := "Pod " + p.Ref.Namespace + "/" + p.Ref.Name
		comp := bench.NewComponent(p.Component, source, p.Argv)
		for _, r := range bench.EvaluateComponent(b, comp, nil) {
			c := r.Check
			if !rules[c.ID] {
				rules[c.ID] = true
				res.Rules = append(res.Rules, ruleOf(c))
			}
			status := findingStatus(r)
			if status == check.StatusPass {
				continue
			}
			res.Findings = append(res.Findings, check.Finding{
				Check: bench.CheckID(c), Severity: c.Severity, Status: status, Title: c.Title,
				Message: r.Reason, Object: p.Ref, Location: p.Location, Path: p.Path,
				Frameworks: &check.Frameworks{CIS: []string{c.ID}}, Remediation: c.Remediation, Evidence: r.Evidence,
			})
		}
	}
	var missing []string
	for _, name := range Components {
		if !seen[name] {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		nv := notVisible(clusterName, b, missing, "")
		res.Findings = append(res.Findings, nv.Findings...)
		res.Rules = append(res.Rules, nv.Rules...)
	}
	return res
}

var notVisibleMeta = &check.Meta{
	ID:       NotVisibleCheck,
	Title:    "Control-plane flags are visible through mirror pods",
	Severity: check.Info,
	Description: "Where the control plane runs as static pods, its mirror pods in kube-system carry each " +
		"component's command line, which the CIS flag checks evaluate. A managed control plane, or one run as " +
		"plain processes, shows none: its flags are not evaluated through the API.",
	Remediation: "Run kubeward bench on the control-plane nodes (deploy/bench), or check the provider's settings for a managed control plane.",
	Family:      "controlplane",
}

// notVisible reports components whose flags the API does not show: why
// (reason), or that no mirror pod runs them.
func notVisible(clusterName string, b *bench.Benchmark, components []string, reason string) *Result {
	res := &Result{Rules: []*check.Meta{notVisibleMeta}}
	for _, name := range components {
		var ids []string
		for _, c := range b.Checks() {
			if c.Component == name && (c.Kind == bench.KindFlag || c.Kind == bench.KindConfig) {
				ids = append(ids, c.ID)
			}
		}
		msg := reason
		if msg == "" {
			msg = fmt.Sprintf("no mirror pod of %s in %s (labels component=%s, tier=control-plane): a control plane that "+
				"does not run as static pods (managed, or run as processes) is not visible through the API", name, Namespace, name)
		}
		msg += fmt.Sprintf("; its %d CIS flag checks (%s) are not evaluated", len(ids), idRange(ids))
		res.Findings = append(res.Findings, check.Finding{
			Check: NotVisibleCheck, Severity: check.Info, Status: check.StatusNotEvaluated, Title: notVisibleMeta.Title,
			Message: msg, Remediation: notVisibleMeta.Remediation, Frameworks: &check.Frameworks{CIS: ids},
			Object: kube.Ref{APIVersion: "v1", Kind: "Pod", Namespace: Namespace, Name: name + "-*", Cluster: clusterName},
		})
	}
	return res
}

// idRange shows a list of check IDs briefly: "1.2.1-1.2.30" style when
// long, the IDs themselves when short.
func idRange(ids []string) string {
	if len(ids) <= 3 {
		return strings.Join(ids, ", ")
	}
	return ids[0] + " to " + ids[len(ids)-1]
}

func findingStatus(r bench.Result) check.Status {
	switch r.Status {
	case bench.Pass:
		return check.StatusPass
	case bench.Fail:
		return check.StatusFail
	case bench.Warn:
		return check.StatusWarn
	}
	return check.StatusNotEvaluated
}

func ruleOf(c *bench.Check) *check.Meta {
	return &check.Meta{
		ID: bench.CheckID(c), Title: c.Title, Severity: c.Severity, Remediation: c.Remediation,
		Description: "CIS Kubernetes Benchmark recommendation " + c.ID + " (" + c.Section.Title + "), evaluated on the component's mirror pod.",
		Controls:    []check.Control{{Framework: check.FrameworkCIS, ID: c.ID}},
		Family:      "cis-" + c.Section.ID,
	}
}
