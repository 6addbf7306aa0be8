package kube

import (
	"fmt"
	"reflect"
	"slices"

	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// A view is the typed form of an object that a check takes as its
// subject. Each view type names the kinds it is made from; the engine uses
// that to run a check only on those kinds and the loader to skip parsing
// kinds no check looks at.
type viewDef struct {
	kinds    []string // nil: every kind
	subjects func(o *Object) ([]any, error)
}

// views lists every view type. Adding one is a line in buildViews.
var views = buildViews()

func buildViews() map[reflect.Type]viewDef {
	v := map[reflect.Type]viewDef{
		reflect.TypeFor[*Object]():   {nil, func(o *Object) ([]any, error) { return []any{o}, nil }},
		reflect.TypeFor[*Workload](): {workloadKinds(), workloadSubject},
		reflect.TypeFor[Container](): {workloadKinds(), containerSubjects},
		reflect.TypeFor[*Role]():     {[]string{"Role", "ClusterRole"}, roleSubject},
		reflect.TypeFor[*Binding]():  {[]string{"RoleBinding", "ClusterRoleBinding"}, bindingSubject},
		reflect.TypeFor[*Webhooks](): {[]string{"ValidatingWebhookConfiguration", "MutatingWebhookConfiguration"}, webhooksSubject},
	}
	for _, t := range []typedDef{
		typedView[corev1.Service]("Service"),
		typedView[corev1.ConfigMap]("ConfigMap"),
		typedView[corev1.Secret]("Secret"),
		typedView[corev1.ServiceAccount]("ServiceAccount"),
		typedView[corev1.Namespace]("Namespace"),
		typedView[networkingv1.Ingress]("Ingress"),
		typedView[networkingv1.NetworkPolicy]("NetworkPolicy"),
		typedView[policyv1.PodDisruptionBudget]("PodDisruptionBudget"),
	} {
		v[t.typ] = t.def
	}
	v[reflect.TypeFor[*metav1.ObjectMeta]()] = metadataView(v)
	// After the metadata view, whose kinds it must not widen: the
	// API-version checks parse only objects in their table (their Filter),
	// while a metadata check would make every object of these kinds parsed.
	v[reflect.TypeFor[*Deprecatable]()] = viewDef{deprecatableKinds, func(o *Object) ([]any, error) { return []any{&Deprecatable{o}}, nil }}
	return v
}

type typedDef struct {
	typ reflect.Type
	def viewDef
}

// Typed is an object decoded into its k8s.io/api type, for checks over a
// single kind: check.Check[*kube.Typed[corev1.Service]].
type Typed[T any] struct {
	Object *Object
	Value  *T
}

func typedView[T any](kind string) typedDef {
	return typedDef{reflect.TypeFor[*Typed[T]](), viewDef{[]string{kind}, func(o *Object) ([]any, error) {
		v, err := Decode[T](o)
		if err != nil {
			return nil, err
		}
		return []any{&Typed[T]{Object: o, Value: v}}, nil
	}}}
}

// Decode decodes the object into T once; later calls for the same T return
// the same value. Objects of other API versions of the kind decode as far
// as their fields match (extensions/v1beta1 Ingress into networking/v1).
func Decode[T any](o *Object) (*T, error) {
	return Memo(o, func(o *Object) (*T, error) {
		v := new(T)
		if err := UnmarshalJSON(o.JSON, v); err != nil {
			return v, &SchemaError{Kind: reflect.TypeFor[T]().Name(), Err: err}
		}
		return v, nil
	})
}

// Memo returns what make builds from the object, made once per object and
// type T: several checks (each Rego policy, say) can then share one costly
// derived form of the object. Like the rest of Object, it is not safe for
// concurrent use on one object.
func Memo[T any](o *Object, make func(*Object) (*T, error)) (*T, error) {
	key := reflect.TypeFor[T]()
	if v, ok := o.decodedViews[key]; ok {
		return v.value.(*T), v.err
	}
	v, err := make(o)
	if o.decodedViews == nil {
		o.decodedViews = map[reflect.Type]decodedView{}
	}
	o.decodedViews[key] = decodedView{v, err}
	return v, err
}

// SchemaError says an object does not decode into its API type (a field
// of the wrong type, say). The object is then not evaluated at all, as the
// API server would refuse it.
type SchemaError struct {
	Kind string
	Err  error
}

func (e *SchemaError) Error() string {
	return fmt.Sprintf("does not match the %s schema: %v", e.Kind, e.Err)
}

func (e *SchemaError) Unwrap() error { return e.Err }

type decodedView struct {
	value any
	err   error
}

// ViewKinds returns the kinds a view type is made from; all is true when
// the view takes every kind.
func ViewKinds(t reflect.Type) (kinds []string, all bool, ok bool) {
	d, ok := views[t]
	return d.kinds, d.kinds == nil, ok
}

// Subjects returns the subjects of type T an object holds: none when the
// object's kind is not one T is made from.
//
// The subjects are made once per object and view type: the thirty checks
// over containers share one list.
func Subjects[T any](o *Object) ([]T, error) {
	key := reflect.TypeFor[T]()
	if c, ok := o.subjects[key]; ok {
		out, _ := c.value.([]T)
		return out, c.err
	}
	out, err := makeSubjects[T](o, key)
	if o.subjects == nil {
		o.subjects = map[reflect.Type]decodedView{}
	}
	o.subjects[key] = decodedView{out, err}
	return out, err
}

func makeSubjects[T any](o *Object, key reflect.Type) ([]T, error) {
	d, ok := views[key]
	if !ok {
		return nil, fmt.Errorf("no view of type %s", key)
	}
	if d.kinds != nil && !slices.Contains(d.kinds, o.Kind) {
		return nil, nil
	}
	subjects, err := d.subjects(o)
	if err != nil {
		return nil, err
	}
	out := make([]T, len(subjects))
	for i, s := range subjects {
		out[i] = s.(T)
	}
	return out, nil
}

func workloadKinds() []string {
	var kinds []string
	for k := range podSpecPaths {
		kinds = append(kinds, k)
	}
	slices.Sort(kinds)
	return kinds
}

func workloadSubject(o *Object) ([]any, error) {
	w, err := o.Workload()
	if err != nil || w == nil {
		return nil, err
	}
	return []any{w}, nil
}

func containerSubjects(o *Object) ([]any, error) {
	w, err := o.Workload()
	if err != nil || w == nil {
		return nil, err
	}
	var out []any
	for _, c := range w.Containers() {
		out = append(out, c)
	}
	return out, nil
}

// Deprecatable is an object of a kind that Kubernetes has served under an
// API version it later deprecated or removed; checks over it read only the
// object's apiVersion and kind, so making one costs nothing beyond the
// parse. CustomResourceDefinition is left out on purpose: CRDs are most of
// the bytes of real inputs, and listing the kind would make the loader
// parse every one of them.
type Deprecatable struct{ Object *Object }

// deprecatableKinds lists the kinds of the deprecated-API table in
// internal/checks/hygiene (a test there keeps the two equal).
var deprecatableKinds = []string{
	"APIService", "CSIDriver", "CSINode", "CSIStorageCapacity", "CertificateSigningRequest",
	"ClusterRole", "ClusterRoleBinding", "ClusterTrustBundle", "CronJob", "DaemonSet",
	"Deployment", "DeviceClass", "DeviceTaintRule", "EndpointSlice", "Event", "FlowSchema",
	"HorizontalPodAutoscaler", "Ingress", "IngressClass", "Lease",
	"MutatingAdmissionPolicy", "MutatingAdmissionPolicyBinding", "MutatingWebhookConfiguration",
	"NetworkPolicy", "PodCertificateRequest", "PodDisruptionBudget", "PodSecurityPolicy",
	"PriorityClass", "PriorityLevelConfiguration", "ReplicaSet", "ResourceClaim",
	"ResourceClaimTemplate", "ResourceSlice", "Role", "RoleBinding", "RuntimeClass",
	"ServiceCIDR", "StatefulSet", "StorageClass", "StorageVersionMigration",
	"ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding",
	"ValidatingWebhookConfiguration", "VolumeAttachment", "VolumeAttributesClass",
}
