package podsecurity

import (
	"reflect"
	"strings"

	corev1 "k8s.io/api/core/v1"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
)

// restrictedVolumeTypes are the volume sources the restricted profile
// allows, by their field name in the manifest. image (read-only OCI
// artifacts) is allowed by the admission controller as well.
var restrictedVolumeTypes = map[string]bool{
	"configMap": true, "csi": true, "downwardAPI": true, "emptyDir": true, "ephemeral": true,
	"image": true, "persistentVolumeClaim": true, "projected": true, "secret": true,
}

// VolumeTypes is the PSS restricted "Volume Types" control.
var VolumeTypes = &check.Check[*kube.Workload]{
	Meta: check.Meta{
		ID:       "volume-types",
		Title:    "Volume type not allowed by the restricted profile",
		Severity: check.Medium, // inline node or network storage; hostPath itself is also reported by host-path-volume
		Family:   Family,
		Description: "Inline volume sources other than configMap, csi, downwardAPI, emptyDir, ephemeral, image, " +
			"persistentVolumeClaim, projected and secret reach node or network storage directly from the pod " +
			"spec (hostPath, nfs, iscsi, rbd, flexVolume drivers running as root on the node, gitRepo which " +
			"runs git on the node...), bypassing the PersistentVolume layer where administrators control " +
			"storage. The restricted profile allows only the listed types.",
		Remediation: "Use a persistentVolumeClaim bound to an administrator-managed PersistentVolume (or a CSI " +
			"volume) instead of the inline source; for gitRepo, clone in an init container into an emptyDir.",
		Controls: []check.Control{
			{Framework: check.FrameworkPSS, ID: "restricted"},
			{Framework: check.FrameworkNSA, ID: "pod-security"},
			{Framework: check.FrameworkMITRE, ID: "T1611"},
		},
		Peers: check.Peers{Trivy: "KSV028"},
	},
	Run: func(p *check.Pass[*kube.Workload]) error {
		w := p.Subject
		for i := range w.Spec.Volumes {
			v := &w.Spec.Volumes[i]
			t := volumeType(&v.VolumeSource)
			// A volume without a source is defaulted to emptyDir by the API server.
			if t == "" || restrictedVolumeTypes[t] {
				continue
			}
			p.Reportf(kube.Index(w.SpecPath+".volumes", i)+"."+t,
				"volume %q uses type %s, which the restricted profile does not allow", v.Name, t)
		}
		return nil
	},
}

// volumeType names the source a volume sets by its manifest field, found by
// reflection so that every source type the API knows is covered.
func volumeType(s *corev1.VolumeSource) string {
	v := reflect.ValueOf(s).Elem()
	for i := 0; i < v.NumField(); i++ {
		f := v.Field(i)
		if f.Kind() != reflect.Pointer || f.IsNil() {
			continue
		}
		tag := v.Type().Field(i).Tag.Get("json")
		name, _, _ := strings.Cut(tag, ",")
		return name
	}
	return ""
}
