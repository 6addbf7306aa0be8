package cluster

import (
	"cmp"
	"slices"

	"github.com/kubeward/kubeward/internal/kube"
)

// Lists run concurrently; sorting makes results independent of which
// answer came first.

func sortDenied(ds []Denied) {
	slices.SortFunc(ds, func(a, b Denied) int {
		return cmp.Or(cmp.Compare(a.Resource.Kind, b.Resource.Kind), cmp.Compare(a.Resource.Group, b.Resource.Group))
	})
}

func sortObjects(os []*kube.Object) {
	slices.SortFunc(os, func(a, b *kube.Object) int {
		return cmp.Or(cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.APIVersion, b.APIVersion),
			cmp.Compare(a.Namespace, b.Namespace), cmp.Compare(a.Name, b.Name))
	})
}
