package workload

import "github.com/kubeward/kubeward/internal/kube"

// serviceAccountOf returns the service account a pod runs as ("default" when
// none is named) and the field path that names it. serviceAccount is the
// deprecated alias the API server still honours when serviceAccountName is
// empty.
func serviceAccountOf(w *kube.Workload) (name, path string) {
	switch {
	case w.Spec.ServiceAccountName != "":
		return w.Spec.ServiceAccountName, w.SpecPath + ".serviceAccountName"
	case w.Spec.DeprecatedServiceAccount != "":
		return w.Spec.DeprecatedServiceAccount, w.SpecPath + ".serviceAccount"
	}
	return "default", w.SpecPath + ".serviceAccountName"
}
