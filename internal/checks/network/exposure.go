package network

import (
	"fmt"
	"strings"

	corev1 "k8s.io/api/core/v1"

	"github.com/kubeward/kubeward/internal/kube"
)

// ExposureAnnotation marks a Service whose exposure outside the cluster is
// deliberate: with the value ExposureIntended, service-nodeport,
// service-loadbalancer and loadbalancer-source-ranges leave it alone. It
// records the decision on the object itself, where a reviewer sees it,
// rather than in a scanner's ignore list.
const (
	ExposureAnnotation = "kubeward.dev/exposure"
	ExposureIntended   = "intended"
)

// exposureIntended reports whether the Service is annotated as deliberately
// exposed.
func exposureIntended(o *kube.Object) bool {
	return strings.EqualFold(o.Meta.Annotations[ExposureAnnotation], ExposureIntended)
}

// coreService returns the Service when the object is a core/v1 Service and
// nil for other kinds named Service (Knative's serving.knative.dev Service,
// say), whose spec means something else.
func coreService(s *kube.Typed[corev1.Service]) *corev1.Service {
	if s.Object.Group() != "" {
		return nil
	}
	return s.Value
}

// internalLBAnnotations are the cloud-provider annotations that make a
// LoadBalancer Service get a private address, with the value that does it
// ("" means any value but "false"). Such a load balancer is reachable only
// from the provider network, not the internet.
var internalLBAnnotations = map[string]string{
	"service.beta.kubernetes.io/aws-load-balancer-internal":              "",
	"service.beta.kubernetes.io/aws-load-balancer-scheme":                "internal",
	"networking.gke.io/load-balancer-type":                               "internal",
	"cloud.google.com/load-balancer-type":                                "internal",
	"service.beta.kubernetes.io/azure-load-balancer-internal":            "true",
	"service.beta.kubernetes.io/oci-load-balancer-internal":              "true",
	"service.beta.kubernetes.io/openstack-internal-load-balancer":        "true",
	"service.kubernetes.io/ibm-load-balancer-cloud-provider-ip-type":     "private",
	"service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type": "intranet",
}

// internalLoadBalancer reports whether an annotation makes the Service's
// load balancer internal.
func internalLoadBalancer(o *kube.Object) bool {
	for key, want := range internalLBAnnotations {
		v, ok := o.Meta.Annotations[key]
		if ok && (want == "" && !strings.EqualFold(v, "false") || want != "" && strings.EqualFold(v, want)) {
			return true
		}
	}
	return false
}

// publicLoadBalancer returns the Service when it is a core LoadBalancer
// Service that is neither internal nor annotated as intended.
func publicLoadBalancer(s *kube.Typed[corev1.Service]) *corev1.Service {
	svc := coreService(s)
	if svc == nil || svc.Spec.Type != corev1.ServiceTypeLoadBalancer ||
		exposureIntended(s.Object) || internalLoadBalancer(s.Object) {
		return nil
	}
	return svc
}

// describePorts lists a Service's ports for messages: "80/TCP, 443/TCP",
// with the node port where withNodePort is set and the port names one.
func describePorts(svc *corev1.Service, withNodePort bool) string {
	parts := make([]string, 0, len(svc.Spec.Ports))
	for _, p := range svc.Spec.Ports {
		proto := p.Protocol
		if proto == "" {
			proto = corev1.ProtocolTCP
		}
		s := fmt.Sprintf("%d/%s", p.Port, proto)
		if withNodePort && p.NodePort != 0 {
			s += fmt.Sprintf(" (node port %d)", p.NodePort)
		}
		parts = append(parts, s)
	}
	if len(parts) == 0 {
		return "no ports"
	}
	return strings.Join(parts, ", ")
}
