package policy

import (
	"fmt"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/util"

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
// It returns an OPA value so that the conversion from JSON happens once
// per object and policy, with no round trip through Go maps in rego.
func Input(o *kube.Object) (ast.Value, error) {
	var obj any
	if err := util.UnmarshalJSON(o.JSON, &obj); err != nil {
		return nil, fmt.Errorf("decode %s for policies: %w", o.Ref, err)
	}
	in := map[string]any{
		"apiVersion": o.APIVersion, "kind": o.Kind,
		"namespace": o.Namespace, "name": o.Name,
		"object": obj,
	}
	if kube.IsWorkloadKind(o.Kind) {
		w, err := o.Workload()
		if err != nil {
			return nil, err
		}
		in["podSpecPath"] = w.SpecPath
		in["podSpec"] = at(obj, w.SpecPath)
	}
	if a := o.Admission; a != nil {
		req := map[string]any{
			"uid": a.UID, "operation": a.Operation, "subResource": a.SubResource,
			"user": a.User, "groups": groups(a.Groups), "dryRun": a.DryRun, "oldObject": nil,
		}
		if len(a.OldObject) > 0 {
			var old any
			if err := util.UnmarshalJSON(a.OldObject, &old); err != nil {
				return nil, fmt.Errorf("decode the old %s for policies: %w", o.Ref, err)
			}
			req["oldObject"] = old
		}
		in["request"] = req
	}
	return ast.InterfaceToValue(in)
}

// at follows a dotted path of object keys ("spec.template.spec").
func at(v any, path string) any {
	for k := range strings.SplitSeq(path, ".") {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

func groups(gs []string) []any {
	out := make([]any, len(gs))
	for i, g := range gs {
		out[i] = g
	}
	return out
}
