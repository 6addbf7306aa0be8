package policy

import (
	"fmt"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/kubeward/kubeward/internal/kube"
)

// Input builds the input document a policy sees for one object (the
// layout is documented in docs/policies.md):
//
//	apiVersion, kind, namespace, name  the object's identity
//	object                             the whole object, as JSON
//	podSpecPath, podSpec               workload kinds only: where the pod
//	                                   spec is ("spec.template.spec") and
//	                                   the pod spec itself
//	request                            admission only: uid, operation,
//	                                   subResource, user, groups, dryRun,
//	                                   oldObject
//
// The document is built once per object and shared by every policy: OPA
// values are immutable, and building one costs more than most policies
// take to evaluate it.
func Input(o *kube.Object) (ast.Value, error) {
	in, err := kube.Memo(o, buildInput)
	if err != nil {
		return nil, err
	}
	return in.value, nil
}

type input struct{ value ast.Value }

func buildInput(o *kube.Object) (*input, error) {
	obj, err := jsonValue(o.JSON)
	if err != nil {
		return nil, fmt.Errorf("decode %s for policies: %w", o.Ref, err)
	}
	in := ast.NewObject(
		item("apiVersion", ast.String(o.APIVersion)), item("kind", ast.String(o.Kind)),
		item("namespace", ast.String(o.Namespace)), item("name", ast.String(o.Name)),
		item("object", obj),
	)
	if kube.IsWorkloadKind(o.Kind) {
		w, err := o.Workload()
		if err != nil {
			return nil, err
		}
		in.Insert(ast.StringTerm("podSpecPath"), ast.StringTerm(w.SpecPath))
		in.Insert(ast.StringTerm("podSpec"), ast.NewTerm(at(obj, w.SpecPath)))
	}
	if a := o.Admission; a != nil {
		var old ast.Value = ast.NullValue
		if len(a.OldObject) > 0 {
			if old, err = jsonValue(a.OldObject); err != nil {
				return nil, fmt.Errorf("decode the old %s for policies: %w", o.Ref, err)
			}
		}
		groups := make([]*ast.Term, len(a.Groups))
		for i, g := range a.Groups {
			groups[i] = ast.StringTerm(g)
		}
		in.Insert(ast.StringTerm("request"), ast.NewTerm(ast.NewObject(
			item("uid", ast.String(a.UID)), item("operation", ast.String(a.Operation)),
			item("subResource", ast.String(a.SubResource)), item("user", ast.String(a.User)),
			item("groups", ast.NewArray(groups...)), item("dryRun", ast.Boolean(a.DryRun)),
			item("oldObject", old),
		)))
	}
	return &input{in}, nil
}

func item(key string, v ast.Value) [2]*ast.Term {
	return [2]*ast.Term{ast.StringTerm(key), ast.NewTerm(v)}
}

// at follows a dotted path of object keys ("spec.template.spec"); null
// where the path leads nowhere.
func at(v ast.Value, path string) ast.Value {
	for k := range strings.SplitSeq(path, ".") {
		obj, ok := v.(ast.Object)
		if !ok {
			return ast.NullValue
		}
		t := obj.Get(ast.StringTerm(k))
		if t == nil {
			return ast.NullValue
		}
		v = t.Value
	}
	return v
}
