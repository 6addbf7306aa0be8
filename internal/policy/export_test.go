package policy

import (
	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/kubeward/kubeward/internal/kube"
)

// BuildInput builds the input document without the per-object memo, so
// that benchmarks measure the building.
func BuildInput(o *kube.Object) (ast.Value, error) {
	in, err := buildInput(o)
	if err != nil {
		return nil, err
	}
	return in.value, nil
}
