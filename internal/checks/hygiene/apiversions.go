package hygiene

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
)

// newestKnownMinor is the Kubernetes minor version the deprecation table
// is current for (the k8s.io/api release kubeward builds with); an empty
// --k8s-version targets it.
const newestKnownMinor = 37

// apiDeprecation is one API version of a kind that Kubernetes deprecated
// and stopped (or will stop) serving. Versions are Kubernetes 1.x minors.
type apiDeprecation struct {
	apiVersion  string
	kind        string
	deprecated  int    // first release that warns on use
	removed     int    // first release that no longer serves it
	replacement string // apiVersion to migrate to; "" when there is none
	note        string // what to do when there is no replacement version
}

// apiDeprecations are the facts of the Kubernetes deprecated API migration
// guide, with the deprecated and removed releases the API types declare
// (the prerelease lifecycle of k8s.io/api). Left out: kinds nobody writes
// in a manifest or that only the API server creates (TokenReview,
// SubjectAccessReview, Scale, Eviction, LeaseCandidate, IPAddress ...), API
// versions whose deprecation is only planned after newestKnownMinor, and
// apiextensions.k8s.io/v1beta1 CustomResourceDefinition (deprecated 1.16,
// removed 1.22), which the loader does not parse for this check (see
// kube.Deprecatable). The kinds here must equal that view's kinds.
var apiDeprecations = []apiDeprecation{
	// removed in 1.16
	{"extensions/v1beta1", "DaemonSet", 8, 16, "apps/v1", ""},
	{"extensions/v1beta1", "Deployment", 8, 16, "apps/v1", ""},
	{"extensions/v1beta1", "ReplicaSet", 8, 16, "apps/v1", ""},
	{"extensions/v1beta1", "NetworkPolicy", 9, 16, "networking.k8s.io/v1", ""},
	// deprecated when policy/v1beta1 took PodSecurityPolicy over (1.10);
	// that version is gone too, so the advice is the one for it
	{"extensions/v1beta1", "PodSecurityPolicy", 10, 16, "", noPSP},
	{"apps/v1beta1", "Deployment", 8, 16, "apps/v1", ""},
	{"apps/v1beta1", "StatefulSet", 8, 16, "apps/v1", ""},
	{"apps/v1beta2", "DaemonSet", 9, 16, "apps/v1", ""},
	{"apps/v1beta2", "Deployment", 9, 16, "apps/v1", ""},
	{"apps/v1beta2", "ReplicaSet", 9, 16, "apps/v1", ""},
	{"apps/v1beta2", "StatefulSet", 9, 16, "apps/v1", ""},

	// removed in 1.22
	{"admissionregistration.k8s.io/v1beta1", "MutatingWebhookConfiguration", 16, 22, "admissionregistration.k8s.io/v1", ""},
	{"admissionregistration.k8s.io/v1beta1", "ValidatingWebhookConfiguration", 16, 22, "admissionregistration.k8s.io/v1", ""},
	{"apiregistration.k8s.io/v1beta1", "APIService", 19, 22, "apiregistration.k8s.io/v1", ""},
	{"certificates.k8s.io/v1beta1", "CertificateSigningRequest", 19, 22, "certificates.k8s.io/v1", ""},
	{"coordination.k8s.io/v1beta1", "Lease", 19, 22, "coordination.k8s.io/v1", ""},
	{"extensions/v1beta1", "Ingress", 14, 22, "networking.k8s.io/v1", ""},
	{"networking.k8s.io/v1beta1", "Ingress", 19, 22, "networking.k8s.io/v1", ""},
	{"networking.k8s.io/v1beta1", "IngressClass", 19, 22, "networking.k8s.io/v1", ""},
	{"rbac.authorization.k8s.io/v1beta1", "ClusterRole", 17, 22, "rbac.authorization.k8s.io/v1", ""},
	{"rbac.authorization.k8s.io/v1beta1", "ClusterRoleBinding", 17, 22, "rbac.authorization.k8s.io/v1", ""},
	{"rbac.authorization.k8s.io/v1beta1", "Role", 17, 22, "rbac.authorization.k8s.io/v1", ""},
	{"rbac.authorization.k8s.io/v1beta1", "RoleBinding", 17, 22, "rbac.authorization.k8s.io/v1", ""},
	{"scheduling.k8s.io/v1beta1", "PriorityClass", 14, 22, "scheduling.k8s.io/v1", ""},
	{"storage.k8s.io/v1beta1", "CSIDriver", 19, 22, "storage.k8s.io/v1", ""},
	{"storage.k8s.io/v1beta1", "CSINode", 17, 22, "storage.k8s.io/v1", ""},
	{"storage.k8s.io/v1beta1", "StorageClass", 19, 22, "storage.k8s.io/v1", ""},
	{"storage.k8s.io/v1beta1", "VolumeAttachment", 19, 22, "storage.k8s.io/v1", ""},

	// removed in 1.24
	{"storage.k8s.io/v1alpha1", "CSIStorageCapacity", 21, 24, "storage.k8s.io/v1", ""},
	{"storage.k8s.io/v1alpha1", "VolumeAttachment", 21, 24, "storage.k8s.io/v1", ""},

	// removed in 1.25
	{"autoscaling/v2beta1", "HorizontalPodAutoscaler", 22, 25, "autoscaling/v2", ""},
	{"batch/v1beta1", "CronJob", 21, 25, "batch/v1", ""},
	{"discovery.k8s.io/v1beta1", "EndpointSlice", 21, 25, "discovery.k8s.io/v1", ""},
	{"events.k8s.io/v1beta1", "Event", 22, 25, "events.k8s.io/v1", ""},
	{"node.k8s.io/v1beta1", "RuntimeClass", 22, 25, "node.k8s.io/v1", ""},
	{"policy/v1beta1", "PodDisruptionBudget", 21, 25, "policy/v1", ""},
	{"policy/v1beta1", "PodSecurityPolicy", 21, 25, "", noPSP},

	// removed in 1.26
	{"autoscaling/v2beta2", "HorizontalPodAutoscaler", 23, 26, "autoscaling/v2", ""},
	{"flowcontrol.apiserver.k8s.io/v1beta1", "FlowSchema", 23, 26, "flowcontrol.apiserver.k8s.io/v1", ""},
	{"flowcontrol.apiserver.k8s.io/v1beta1", "PriorityLevelConfiguration", 23, 26, "flowcontrol.apiserver.k8s.io/v1", ""},

	// removed in 1.27
	{"storage.k8s.io/v1beta1", "CSIStorageCapacity", 24, 27, "storage.k8s.io/v1", ""},

	// removed in 1.29
	{"flowcontrol.apiserver.k8s.io/v1beta2", "FlowSchema", 26, 29, "flowcontrol.apiserver.k8s.io/v1", ""},
	{"flowcontrol.apiserver.k8s.io/v1beta2", "PriorityLevelConfiguration", 26, 29, "flowcontrol.apiserver.k8s.io/v1", ""},

	// removed in 1.32
	{"admissionregistration.k8s.io/v1alpha1", "ValidatingAdmissionPolicy", 29, 32, "admissionregistration.k8s.io/v1", ""},
	{"admissionregistration.k8s.io/v1alpha1", "ValidatingAdmissionPolicyBinding", 29, 32, "admissionregistration.k8s.io/v1", ""},
	{"flowcontrol.apiserver.k8s.io/v1beta3", "FlowSchema", 29, 32, "flowcontrol.apiserver.k8s.io/v1", ""},
	{"flowcontrol.apiserver.k8s.io/v1beta3", "PriorityLevelConfiguration", 29, 32, "flowcontrol.apiserver.k8s.io/v1", ""},

	// removed in 1.34
	{"admissionregistration.k8s.io/v1beta1", "ValidatingAdmissionPolicy", 31, 34, "admissionregistration.k8s.io/v1", ""},
	{"admissionregistration.k8s.io/v1beta1", "ValidatingAdmissionPolicyBinding", 31, 34, "admissionregistration.k8s.io/v1", ""},

	// removed in 1.35
	{"storage.k8s.io/v1alpha1", "VolumeAttributesClass", 32, 35, "storage.k8s.io/v1", ""},

	// removed in 1.37
	{"certificates.k8s.io/v1alpha1", "ClusterTrustBundle", 34, 37, "certificates.k8s.io/v1", ""},
	{"networking.k8s.io/v1beta1", "ServiceCIDR", 34, 37, "networking.k8s.io/v1", ""},
	{"storage.k8s.io/v1beta1", "VolumeAttributesClass", 34, 37, "storage.k8s.io/v1", ""},

	// removed in 1.38
	{"admissionregistration.k8s.io/v1alpha1", "MutatingAdmissionPolicy", 35, 38, "admissionregistration.k8s.io/v1", ""},
	{"admissionregistration.k8s.io/v1alpha1", "MutatingAdmissionPolicyBinding", 35, 38, "admissionregistration.k8s.io/v1", ""},
	{"resource.k8s.io/v1beta1", "DeviceClass", 35, 38, "resource.k8s.io/v1", ""},
	{"resource.k8s.io/v1beta1", "ResourceClaim", 35, 38, "resource.k8s.io/v1", ""},
	{"resource.k8s.io/v1beta1", "ResourceClaimTemplate", 35, 38, "resource.k8s.io/v1", ""},
	{"resource.k8s.io/v1beta1", "ResourceSlice", 35, 38, "resource.k8s.io/v1", ""},

	// removed in 1.39
	{"resource.k8s.io/v1alpha3", "DeviceTaintRule", 36, 39, "resource.k8s.io/v1", ""},
	{"resource.k8s.io/v1beta2", "DeviceClass", 36, 39, "resource.k8s.io/v1", ""},
	{"resource.k8s.io/v1beta2", "ResourceClaim", 36, 39, "resource.k8s.io/v1", ""},
	{"resource.k8s.io/v1beta2", "ResourceClaimTemplate", 36, 39, "resource.k8s.io/v1", ""},
	{"resource.k8s.io/v1beta2", "ResourceSlice", 36, 39, "resource.k8s.io/v1", ""},

	// removed in 1.40
	{"admissionregistration.k8s.io/v1beta1", "MutatingAdmissionPolicy", 37, 40, "admissionregistration.k8s.io/v1", ""},
	{"admissionregistration.k8s.io/v1beta1", "MutatingAdmissionPolicyBinding", 37, 40, "admissionregistration.k8s.io/v1", ""},
	{"certificates.k8s.io/v1beta1", "ClusterTrustBundle", 37, 40, "certificates.k8s.io/v1", ""},
	{"certificates.k8s.io/v1beta1", "PodCertificateRequest", 37, 40, "certificates.k8s.io/v1", ""},
	{"storagemigration.k8s.io/v1beta1", "StorageVersionMigration", 37, 40, "storagemigration.k8s.io/v1", ""},
}

const noPSP = "PodSecurityPolicy has no successor API: enforce the Pod Security Standards " +
	"with Pod Security Admission namespace labels or an admission policy engine"

type apiKey struct{ apiVersion, kind string }

// apiDeprecationIndex finds an object's entry in one map look-up.
var apiDeprecationIndex = func() map[apiKey]*apiDeprecation {
	m := make(map[apiKey]*apiDeprecation, len(apiDeprecations))
	for i := range apiDeprecations {
		d := &apiDeprecations[i]
		m[apiKey{d.apiVersion, d.kind}] = d
	}
	return m
}()

// lookupDeprecation returns the table entry of an apiVersion and kind, or
// nil when that API version is current.
// inDeprecationTable tells the loader which objects these checks need
// parsed: only those whose apiVersion and kind are in the table, so
// current-version objects of the same kinds cost nothing extra.
func inDeprecationTable(apiVersion, kind string) bool {
	return lookupDeprecation(apiVersion, kind) != nil
}

func lookupDeprecation(apiVersion, kind string) *apiDeprecation {
	return apiDeprecationIndex[apiKey{apiVersion, kind}]
}

// targetMinor returns the Kubernetes 1.x minor version a scan targets:
// "1.25", "v1.25" and "1.25.3" all give 25; "" gives newestKnownMinor.
func targetMinor(version string) (int, error) {
	if version == "" {
		return newestKnownMinor, nil
	}
	v := strings.TrimPrefix(version, "v")
	major, rest, ok := strings.Cut(v, ".")
	minor, _, _ := strings.Cut(rest, ".")
	n, err := strconv.Atoi(minor)
	if !ok || major != "1" || err != nil || n < 0 {
		return 0, fmt.Errorf("target Kubernetes version %q is not a version like 1.32", version)
	}
	return n, nil
}

// migration says what to move to, for messages.
func (d *apiDeprecation) migration() string {
	if d.replacement == "" {
		return d.note
	}
	return "use " + d.replacement
}

// apiState is where an API version stands in a Kubernetes release.
type apiState int

const (
	apiCurrent    apiState = iota // served, no deprecation warning
	apiDeprecated                 // served with a deprecation warning
	apiRemoved                    // no longer served
)

// state returns where the entry's API version stands in release 1.target.
func (d *apiDeprecation) state(target int) apiState {
	switch {
	case target >= d.removed:
		return apiRemoved
	case target >= d.deprecated:
		return apiDeprecated
	}
	return apiCurrent
}

// apiStateOf looks an object up and says where its API version stands in
// the scan's target release; d is nil for an API version not in the table.
func apiStateOf(o *kube.Object, s *check.Settings) (d *apiDeprecation, target int, st apiState, err error) {
	d = lookupDeprecation(o.APIVersion, o.Kind)
	if d == nil {
		return nil, 0, apiCurrent, nil
	}
	target, err = targetMinor(s.KubernetesVersion)
	if err != nil {
		return nil, 0, apiCurrent, err
	}
	return d, target, d.state(target), nil
}
