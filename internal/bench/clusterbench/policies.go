package clusterbench

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/kubeward/kubeward/internal/bench"
	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/checks"
	"github.com/kubeward/kubeward/internal/cluster"
	"github.com/kubeward/kubeward/internal/kube"
	"github.com/kubeward/kubeward/internal/scan"
)

// Policies answers the benchmark's api checks (section 5) from one scan of
// the cluster with kubeward's own checks: each built-in check names the
// CIS recommendations it covers (its cis controls), so a recommendation
// fails when one of its checks finds something, is not evaluated when
// the objects those checks read could not be listed, and passes
// otherwise. The rules exist once, for scan and benchmark alike.
type Policies struct {
	byCIS      map[string][]check.Runner // the built-in checks covering each recommendation
	findings   map[string][]check.Finding
	objects    map[string]int // objects each built-in check looked at
	namespaces *podSecurity   // 5.2.1, which no scan check covers
	builtin    map[kube.Ref]bool
}

// bootstrapLabel marks the RBAC objects the API server creates itself.
const bootstrapLabel = "kubernetes.io/bootstrapping"

// NewPolicies scans the cluster with the built-in checks that cover an
// api check of b. Nothing is excepted: a benchmark reports the cluster as
// it is, kubeward.dev/ignore annotations included.
func NewPolicies(ctx context.Context, c *cluster.Client, b *bench.Benchmark) (*Policies, error) {
	p := &Policies{byCIS: map[string][]check.Runner{}, findings: map[string][]check.Finding{}, objects: map[string]int{},
		builtin: map[kube.Ref]bool{}}
	wanted := map[string]bool{}
	for _, ch := range b.Checks() {
		if ch.Kind == bench.KindAPI {
			wanted[ch.ID] = true
		}
	}
	var runners []check.Runner
	for _, r := range checks.All() {
		covers := false
		for _, ctl := range r.Info().Controls {
			if ctl.Framework == check.FrameworkCIS && wanted[ctl.ID] {
				p.byCIS[ctl.ID] = append(p.byCIS[ctl.ID], r)
				covers = true
			}
		}
		if covers {
			runners = append(runners, r)
		}
	}
	engine := check.NewEngine(runners, check.Options{})
	// Kubernetes' own roles and bindings (cluster-admin, system:*) grant
	// what the control plane needs; they are the cluster's baseline, not
	// a finding about it, so what is found on them is left out.
	var mu sync.Mutex
	inner := scan.ClusterStream(c, "", engine.Wants)
	stream := func(ctx context.Context, emit func(*kube.Object)) ([]scan.Gap, error) {
		return inner(ctx, func(o *kube.Object) {
			if o.Meta.Labels[bootstrapLabel] == "rbac-defaults" {
				mu.Lock()
				p.builtin[o.Ref] = true
				mu.Unlock()
			}
			emit(o)
		})
	}
	res, err := scan.RunStream(ctx, scan.Config{Engine: engine}, stream)
	if err != nil {
		return nil, fmt.Errorf("scan cluster %s: %w", c.Name, err)
	}
	for _, f := range res.Findings {
		if !p.builtin[f.Object] {
			p.findings[f.Check] = append(p.findings[f.Check], f)
		}
	}
	for _, cv := range res.Coverage {
		p.objects[cv.Check] = cv.Objects
	}
	if p.namespaces, err = readPodSecurity(ctx, c); err != nil {
		return nil, err
	}
	return p, nil
}

// narrow keeps, of a check that covers several recommendations, the
// findings about one of them.
var narrow = map[string]func(check.Finding) bool{
	"5.2.3": pathHas(".hostPID"),
	"5.2.4": pathHas(".hostIPC"),
	"5.2.5": pathHas(".hostNetwork"),
	// Not dropping ALL keeps NET_RAW; adding capabilities is 5.2.9.
	"5.2.8": func(f check.Finding) bool { return !strings.Contains(f.Path, ".add[") },
	"5.2.9": func(f check.Finding) bool {
		return f.Check == "capabilities-baseline" || strings.Contains(f.Path, ".add[")
	},
}

func pathHas(s string) func(check.Finding) bool {
	return func(f check.Finding) bool { return strings.HasSuffix(f.Path, s) }
}

// shown is how many objects a message names before "and N more"; the
// evidence lists them all.
const shown = 5

// EvaluateAPI implements bench.APIEvaluator.
func (p *Policies) EvaluateAPI(c *bench.Check) bench.Result {
	if c.ID == "5.2.1" {
		return p.namespaces.evaluate(c)
	}
	runners := p.byCIS[c.ID]
	if len(runners) == 0 {
		return bench.Result{Check: c, Status: bench.NotEvaluated, Reason: "no kubeward check answers " + c.Query}
	}
	var ids []string
	var found, unknown []check.Finding
	for _, r := range runners {
		id := r.Info().ID
		ids = append(ids, fmt.Sprintf("%s (%d %s)", id, p.objects[id], plural(p.objects[id], "object")))
		for _, f := range p.findings[id] {
			switch {
			case f.Status == check.StatusNotEvaluated || f.Status == check.StatusError:
				unknown = append(unknown, f)
			case f.Status != check.StatusFail && f.Status != check.StatusWarn:
			case narrow[c.ID] == nil || narrow[c.ID](f):
				found = append(found, f)
			}
		}
	}
	res := bench.Result{Check: c}
	var fails, unknowns []string
	for _, f := range found {
		res.Evidence = append(res.Evidence, check.Evidence{Source: "api", Setting: f.Check, Value: f.Message,
			Detail: f.Object.String(), File: f.Location.Object})
		if len(fails) < shown {
			fails = append(fails, f.Object.String()+": "+f.Message)
		}
	}
	if len(found) > shown {
		fails = append(fails, fmt.Sprintf("and %d more", len(found)-shown))
	}
	for _, f := range unknown {
		if !slices.Contains(unknowns, f.Message) {
			unknowns = append(unknowns, f.Message)
		}
	}
	switch {
	case len(found) > 0:
		res.Status, res.Reason = bench.Fail, strings.Join(fails, "; ")
		if !c.Automated {
			res.Status = bench.Warn
		}
	case len(unknown) > 0:
		res.Status, res.Reason = bench.NotEvaluated, strings.Join(unknowns, "; ")
	default:
		res.Status = bench.Pass
		res.Reason = "none found by " + strings.Join(ids, ", ")
	}
	return res
}

func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}
