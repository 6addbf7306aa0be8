package podsecurity

import (
	"sort"
	"strings"

	corev1 "k8s.io/api/core/v1"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
)

// appArmorAnnotationPrefix starts the legacy per-container AppArmor
// annotation; the rest of the key is the container name. Clusters older
// than 1.30 read only these, newer ones still honour them.
const appArmorAnnotationPrefix = "container.apparmor.security.beta.kubernetes.io/"

// AppArmor is the PSS baseline "AppArmor" control.
var AppArmor = &check.Check[*kube.Workload]{
	Meta: check.Meta{
		ID:       "apparmor",
		Title:    "AppArmor profile overridden or disabled",
		Severity: check.Medium, // removes a confinement layer; harmful together with other weaknesses
		Family:   Family,
		Description: "On nodes with AppArmor the runtime confines containers with its default profile. Setting " +
			"the profile to Unconfined (or to anything but the runtime default or a profile loaded on the " +
			"node) removes that layer of defence. The baseline profile allows only RuntimeDefault and " +
			"Localhost profiles, in the appArmorProfile fields and in the legacy annotations.",
		Remediation: "Set securityContext.appArmorProfile.type to RuntimeDefault or Localhost (or leave it " +
			"unset), and give legacy container.apparmor.security.beta.kubernetes.io annotations the value " +
			"runtime/default or localhost/<profile>, or remove them.",
		Controls: []check.Control{
			{Framework: check.FrameworkPSS, ID: "baseline"},
			{Framework: check.FrameworkNSA, ID: "pod-security"},
			{Framework: check.FrameworkMITRE, ID: "T1611"},
		},
		Peers: check.Peers{Trivy: "KSV002"},
	},
	Run: func(p *check.Pass[*kube.Workload]) error {
		w := p.Subject
		if sc := w.Spec.SecurityContext; sc != nil && sc.AppArmorProfile != nil && !allowedAppArmorType(sc.AppArmorProfile.Type) {
			p.Reportf(podSCPath(w)+".appArmorProfile.type", "pod sets AppArmor profile type %q", string(sc.AppArmorProfile.Type))
		}
		for _, c := range w.Containers() {
			if sc := c.SecurityContext; sc != nil && sc.AppArmorProfile != nil && !allowedAppArmorType(sc.AppArmorProfile.Type) {
				p.Reportf(c.Path+".securityContext.appArmorProfile.type",
					"%s sets AppArmor profile type %q", c.Describe(), string(sc.AppArmorProfile.Type))
			}
		}
		var keys []string
		for k := range w.PodMeta.Annotations {
			if strings.HasPrefix(k, appArmorAnnotationPrefix) {
				keys = append(keys, k)
			}
		}
		sort.Strings(keys)
		for _, k := range keys {
			v := w.PodMeta.Annotations[k]
			if allowedAppArmorAnnotation(v) {
				continue
			}
			p.Reportf(kube.Key(w.MetaPath+".annotations", k),
				"annotation %s sets AppArmor profile %q for container %q", k, v, strings.TrimPrefix(k, appArmorAnnotationPrefix))
		}
		return nil
	},
}

func allowedAppArmorType(t corev1.AppArmorProfileType) bool {
	return t == corev1.AppArmorProfileTypeRuntimeDefault || t == corev1.AppArmorProfileTypeLocalhost
}

// allowedAppArmorAnnotation accepts the annotation values that keep a
// profile in force; an empty value means "not set".
func allowedAppArmorAnnotation(v string) bool {
	return v == "" || v == "runtime/default" || strings.HasPrefix(v, "localhost/")
}
