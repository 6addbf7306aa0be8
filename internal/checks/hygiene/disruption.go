package hygiene

import (
	"fmt"
	"strconv"

	"github.com/kubeward/kubeward/internal/analysis/selectors"
	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
)

// The disruption-budget analyzers join three kinds: the replicated
// workloads, the PodDisruptionBudgets that may select their pods, and the
// HorizontalPodAutoscalers that may own their replica count.
var disruptionKinds = []string{"Deployment", "StatefulSet", "PodDisruptionBudget", "HorizontalPodAutoscaler"}

// replicated is what the analyzers keep of a Deployment or StatefulSet.
type replicated struct {
	namespace string
	labels    labels.Set // pod template labels
	replicas  int32      // spec.replicas; 1 when unset, as the API server defaults it
	explicit  bool       // spec.replicas is written
	at        kube.Location
	path      string
}

// budget is what the analyzers keep of a PodDisruptionBudget.
type budget struct {
	namespace string
	selector  labels.Selector
}

// scaler is what the analyzers keep of a HorizontalPodAutoscaler.
type scaler struct {
	namespace, kind, name, hpa string
	minReplicas                int32
}

// collectDisruption keeps the facts of one object. Objects without a
// namespace are joined with other objects without one: a manifest set
// applied together lands in one namespace.
func collectDisruption(o *kube.Object) ([]check.Fact, error) {
	var v any
	switch o.Kind {
	case "Deployment", "StatefulSet":
		w, err := o.Workload()
		if err != nil || w == nil {
			return nil, err
		}
		replicas, err := replicasOf(o)
		if err != nil {
			return nil, err
		}
		r := replicated{namespace: o.Namespace, labels: w.PodMeta.Labels, replicas: 1, path: "spec.replicas"}
		if replicas != nil {
			r.replicas, r.explicit = *replicas, true
			r.at = o.Locate(r.path)
		} else {
			r.at, r.path = o.Location, ""
		}
		v = r
	case "PodDisruptionBudget":
		pdb, err := kube.Decode[policyv1.PodDisruptionBudget](o)
		if err != nil {
			return nil, err
		}
		v = budget{namespace: o.Namespace, selector: budgetSelector(o.APIVersion, pdb.Spec.Selector)}
	case "HorizontalPodAutoscaler":
		var hpa struct {
			Spec struct {
				ScaleTargetRef struct {
					Kind string `json:"kind"`
					Name string `json:"name"`
				} `json:"scaleTargetRef"`
				MinReplicas *int32 `json:"minReplicas"`
			} `json:"spec"`
		}
		if err := kube.UnmarshalJSON(o.JSON, &hpa); err != nil {
			return nil, &kube.SchemaError{Kind: o.Kind, Err: err}
		}
		s := scaler{namespace: o.Namespace, kind: hpa.Spec.ScaleTargetRef.Kind,
			name: hpa.Spec.ScaleTargetRef.Name, hpa: o.Name, minReplicas: 1}
		if m := hpa.Spec.MinReplicas; m != nil {
			s.minReplicas = *m
		}
		v = s
	default:
		return nil, nil
	}
	return []check.Fact{{Object: check.Shell(o), Value: v}}, nil
}

// budgetSelector turns a budget's selector into a label selector. A
// missing selector selects no pods; an empty one selects every pod of the
// namespace in policy/v1 and none in policy/v1beta1.
func budgetSelector(apiVersion string, sel *metav1.LabelSelector) labels.Selector {
	if sel == nil || (apiVersion == "policy/v1beta1" && len(sel.MatchLabels) == 0 && len(sel.MatchExpressions) == 0) {
		return labels.Nothing()
	}
	s, err := metav1.LabelSelectorAsSelector(sel)
	if err != nil {
		// an invalid selector is rejected by the API server: it protects nothing
		return labels.Nothing()
	}
	return s
}

// unbudgeted calls found for each Deployment or StatefulSet that no
// PodDisruptionBudget covers, with the replica count it runs at and a
// sentence saying where that count comes from.
func unbudgeted(facts []check.Fact, found func(f check.Fact, r replicated, replicas int32, source string)) {
	budgets := selectors.ByNamespace[struct{}]{}
	scalers := map[[3]string]scaler{}
	for _, f := range facts {
		switch v := f.Value.(type) {
		case budget:
			budgets.Add(v.namespace, v.selector, struct{}{})
		case scaler:
			// two autoscalers on one target fight; the lower floor is the one that bites
			k := [3]string{v.namespace, v.kind, v.name}
			if prev, ok := scalers[k]; !ok || v.minReplicas < prev.minReplicas {
				scalers[k] = v
			}
		}
	}
	for _, f := range facts {
		r, ok := f.Value.(replicated)
		if !ok || budgets[r.namespace].Any(r.labels) {
			continue
		}
		replicas, source := r.replicas, fmt.Sprintf("spec.replicas is %d", r.replicas)
		if s, ok := scalers[[3]string{r.namespace, f.Object.Kind, f.Object.Name}]; ok {
			replicas, source = s.minReplicas, fmt.Sprintf("HorizontalPodAutoscaler %q scales it from %d", s.hpa, s.minReplicas)
		} else if !r.explicit {
			source = "spec.replicas is unset and defaults to 1"
		}
		if replicas > 0 {
			found(f, r, replicas, source)
		}
	}
}

// replicasOf reads spec.replicas: from the YAML node when the object has
// one (decoding a whole Deployment for one number is most of the cost of
// this check on large inputs), else from the JSON.
func replicasOf(o *kube.Object) (*int32, error) {
	if o.Node != nil {
		n := o.Field("spec.replicas")
		if n == nil || n.ShortTag() == "!!null" {
			return nil, nil
		}
		v, err := strconv.ParseInt(n.Value, 10, 32)
		if err != nil {
			return nil, &kube.SchemaError{Kind: o.Kind, Err: fmt.Errorf("spec.replicas %q is not an integer", n.Value)}
		}
		r := int32(v)
		return &r, nil
	}
	var spec struct {
		Spec struct {
			Replicas *int32 `json:"replicas"`
		} `json:"spec"`
	}
	if err := kube.UnmarshalJSON(o.JSON, &spec); err != nil {
		return nil, &kube.SchemaError{Kind: o.Kind, Err: err}
	}
	return spec.Spec.Replicas, nil
}
