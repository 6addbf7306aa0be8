package node

import (
	"fmt"

	"go.yaml.in/yaml/v3"
)

// StaticPod is the first container of a static pod manifest: what the
// kubelet runs for a control-plane component such as kube-apiserver.
type StaticPod struct {
	Name  string   // metadata.name
	Image string   // e.g. registry.k8s.io/kube-apiserver:v1.33.2
	Argv  []string // command followed by args
}

// ParseStaticPod reads a Pod manifest (YAML or JSON).
func ParseStaticPod(b []byte) (StaticPod, error) {
	var pod struct {
		Kind     string `yaml:"kind"`
		Metadata struct {
			Name string `yaml:"name"`
		} `yaml:"metadata"`
		Spec struct {
			Containers []struct {
				Image   string   `yaml:"image"`
				Command []string `yaml:"command"`
				Args    []string `yaml:"args"`
			} `yaml:"containers"`
		} `yaml:"spec"`
	}
	if err := yaml.Unmarshal(b, &pod); err != nil {
		return StaticPod{}, err
	}
	if pod.Kind != "Pod" {
		return StaticPod{}, fmt.Errorf("kind is %q, not Pod", pod.Kind)
	}
	if len(pod.Spec.Containers) == 0 {
		return StaticPod{}, fmt.Errorf("pod %q has no containers", pod.Metadata.Name)
	}
	c := pod.Spec.Containers[0]
	argv := append(append([]string{}, c.Command...), c.Args...)
	return StaticPod{Name: pod.Metadata.Name, Image: c.Image, Argv: argv}, nil
}
