package kube

import (
	"reflect"
	"slices"
)

// metadataView is the view of an object's metadata
// (check.Check[*metav1.ObjectMeta]), for checks about annotations and
// labels of every kind kubeward models. It takes the kinds of the other
// views rather than every kind: a metadata check must not make the loader
// parse every document, custom resources included.
func metadataView(others map[reflect.Type]viewDef) viewDef {
	var kinds []string
	for _, d := range others {
		for _, k := range d.kinds {
			if !slices.Contains(kinds, k) {
				kinds = append(kinds, k)
			}
		}
	}
	slices.Sort(kinds)
	return viewDef{kinds, func(o *Object) ([]any, error) { return []any{&o.Meta}, nil }}
}
