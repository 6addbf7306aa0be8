package policy

import (
	"context"
	"fmt"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
)

// Policy is one Rego package that defines deny, warn or both.
type Policy struct {
	Meta    check.Meta
	Kinds   []string // empty: every kind
	Package string   // e.g. "kubeward.team_label"
	File    string   // the first file declaring the package
	query   rego.PreparedEvalQuery
	rules   []string // "deny", "warn": the ones the package defines
}

// newPolicy prepares the query of one package; nil when the package
// defines neither deny nor warn (a library of helpers, say).
func newPolicy(ctx context.Context, compiler *ast.Compiler, p *pkg) (*Policy, error) {
	var rules []string
	for _, name := range []string{"deny", "warn"} {
		if defines(p, name) {
			rules = append(rules, name)
		}
	}
	if len(rules) == 0 {
		return nil, nil
	}
	meta, kinds, err := metadata(p)
	if err != nil {
		return nil, err
	}
	// One query binds both sets, so an object costs one evaluation.
	parts := make([]string, len(rules))
	for i, r := range rules {
		parts[i] = fmt.Sprintf("%s := %s.%s", r, p.path, r)
	}
	q, err := rego.New(
		rego.Compiler(compiler),
		rego.Query(strings.Join(parts, "; ")),
		// A built-in that fails (to_number("web"), say) is an error, not
		// an undefined value that would let the object pass silently.
		rego.StrictBuiltinErrors(true),
	).PrepareForEval(ctx)
	if err != nil {
		return nil, fmt.Errorf("policy: %s: prepare %s: %w", p.modules[0].Package.Location, p.path, err)
	}
	return &Policy{Meta: meta, Kinds: kinds, Package: strings.TrimPrefix(p.path.String(), "data."),
		File: p.modules[0].Package.Location.File, query: q, rules: rules}, nil
}

// defines reports whether a package has a rule of that name.
func defines(p *pkg, name string) bool {
	for _, m := range p.modules {
		for _, r := range m.Rules {
			if ref := r.Head.Ref(); len(ref) > 0 && ref[0].Value.Compare(ast.Var(name)) == 0 {
				return true
			}
		}
	}
	return false
}

// Runners returns one check runner per policy, for check.NewEngine.
func (s *Set) Runners() []check.Runner {
	out := make([]check.Runner, len(s.Policies))
	for i, p := range s.Policies {
		out[i] = p.Runner()
	}
	return out
}

// Runner returns the policy as a check the engine runs.
func (p *Policy) Runner() *check.External {
	meta := p.Meta
	if meta.Description == "" {
		meta.Description = "Custom Rego policy " + p.Package + " (" + p.File + ")."
	}
	if meta.Remediation == "" {
		meta.Remediation = "See the policy " + p.Package + " in " + p.File + "."
	}
	return &check.External{Meta: meta, Kinds: p.Kinds, Eval: p.Eval}
}

// Eval evaluates the policy on one object. It is safe for concurrent use.
func (p *Policy) Eval(o *kube.Object) ([]check.Finding, error) {
	in, err := Input(o)
	if err != nil {
		return nil, err
	}
	rs, err := p.query.Eval(context.Background(), rego.EvalParsedInput(in))
	if err != nil {
		return nil, err
	}
	if len(rs) != 1 {
		// deny or warn is undefined: a complete rule whose body failed.
		return nil, fmt.Errorf("%s is undefined for this object", strings.Join(p.rules, " or "))
	}
	var out []check.Finding
	for _, r := range p.rules {
		fs, err := p.findings(r, rs[0].Bindings[r])
		if err != nil {
			return nil, err
		}
		out = append(out, fs...)
	}
	return out, nil
}
