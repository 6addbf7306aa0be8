package kube

import (
	"fmt"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// Workload is the pod-level view of any kind that runs pods: the pod spec
// and pod metadata plus the field paths where they live in the object.
type Workload struct {
	Object   *Object
	Spec     *corev1.PodSpec
	PodMeta  *metav1.ObjectMeta
	SpecPath string // e.g. "spec.template.spec"
	MetaPath string // e.g. "spec.template.metadata"
}

// podSpecPaths maps each workload kind to where its pod template lives.
var podSpecPaths = map[string]string{
	"Pod":                   "",
	"Deployment":            "spec.template.",
	"StatefulSet":           "spec.template.",
	"DaemonSet":             "spec.template.",
	"ReplicaSet":            "spec.template.",
	"ReplicationController": "spec.template.",
	"Job":                   "spec.template.",
	"CronJob":               "spec.jobTemplate.spec.template.",
	"PodTemplate":           "template.",
}

// IsWorkloadKind reports whether objects of this kind carry a pod spec.
// Kinds are matched by name across API versions (apps/v1, extensions/v1beta1,
// batch/v1beta1 ...), the way those objects are written in the wild.
func IsWorkloadKind(kind string) bool {
	_, ok := podSpecPaths[kind]
	return ok
}

// Workload returns the pod view of the object, or nil when the kind does not
// run pods. An error means the object is of a workload kind but its pod
// template does not decode (a field of the wrong type, say).
func (o *Object) Workload() (*Workload, error) {
	if o.decoded {
		return o.workload, o.workloadErr
	}
	o.decoded = true
	prefix, ok := podSpecPaths[o.Kind]
	if !ok {
		return nil, nil
	}
	tmpl, err := decodePodTemplate(o.Kind, o.JSON)
	if err != nil {
		o.workloadErr = &SchemaError{Kind: o.Kind, Err: err}
		return nil, o.workloadErr
	}
	o.workload = &Workload{
		Object:   o,
		Spec:     &tmpl.Spec,
		PodMeta:  &tmpl.ObjectMeta,
		SpecPath: prefix + "spec",
		MetaPath: prefix + "metadata",
	}
	return o.workload, nil
}

func decodePodTemplate(kind string, data []byte) (*corev1.PodTemplateSpec, error) {
	switch kind {
	case "Pod":
		var pod struct {
			Metadata metav1.ObjectMeta `json:"metadata"`
			Spec     corev1.PodSpec    `json:"spec"`
		}
		err := UnmarshalJSON(data, &pod)
		return &corev1.PodTemplateSpec{ObjectMeta: pod.Metadata, Spec: pod.Spec}, err
	case "PodTemplate":
		var pt struct {
			Template corev1.PodTemplateSpec `json:"template"`
		}
		err := UnmarshalJSON(data, &pt)
		return &pt.Template, err
	case "CronJob":
		var cj struct {
			Spec struct {
				JobTemplate struct {
					Spec struct {
						Template corev1.PodTemplateSpec `json:"template"`
					} `json:"spec"`
				} `json:"jobTemplate"`
			} `json:"spec"`
		}
		err := UnmarshalJSON(data, &cj)
		return &cj.Spec.JobTemplate.Spec.Template, err
	default:
		var w struct {
			Spec struct {
				Template corev1.PodTemplateSpec `json:"template"`
			} `json:"spec"`
		}
		err := UnmarshalJSON(data, &w)
		return &w.Spec.Template, err
	}
}

// ContainerKind tells regular, init and ephemeral containers apart; the Pod
// Security Standards apply to all three, some common checks only to some.
type ContainerKind int

const (
	RegularContainer ContainerKind = iota
	InitContainer
	EphemeralContainer
)

// Container is one container of a workload with its field path.
type Container struct {
	*corev1.Container
	Workload *Workload
	Kind     ContainerKind
	Path     string // e.g. "spec.template.spec.containers[0]"
}

// Containers lists init, regular and ephemeral containers, in that order.
func (w *Workload) Containers() []Container {
	s := w.Spec
	out := make([]Container, 0, len(s.InitContainers)+len(s.Containers)+len(s.EphemeralContainers))
	for i := range s.InitContainers {
		out = append(out, Container{&s.InitContainers[i], w, InitContainer, Index(w.SpecPath+".initContainers", i)})
	}
	for i := range s.Containers {
		out = append(out, Container{&s.Containers[i], w, RegularContainer, Index(w.SpecPath+".containers", i)})
	}
	for i := range s.EphemeralContainers {
		c := corev1.Container(s.EphemeralContainers[i].EphemeralContainerCommon)
		out = append(out, Container{&c, w, EphemeralContainer, Index(w.SpecPath+".ephemeralContainers", i)})
	}
	return out
}

// Describe names the container for messages: `container "app"`,
// `init container "setup"`.
func (c Container) Describe() string {
	switch c.Kind {
	case InitContainer:
		return fmt.Sprintf("init container %q", c.Name)
	case EphemeralContainer:
		return fmt.Sprintf("ephemeral container %q", c.Name)
	}
	return fmt.Sprintf("container %q", c.Name)
}

// IsWindows reports whether the pod declares it runs on Windows, which the
// Pod Security Standards exempt from Linux-only controls.
func (w *Workload) IsWindows() bool {
	return w.Spec.OS != nil && w.Spec.OS.Name == corev1.Windows
}
