package rbac

import (
	"fmt"
	"sync"

	"github.com/kubeward/kubeward/internal/source"
)

// LoadFiles reads the RBAC objects of the inputs scan takes (files,
// directories, Helm charts, kustomizations, "-" for stdin). Documents of
// other kinds are not parsed. Problems come back as errors naming the
// file and line; the rest of the input is still read.
func LoadFiles(paths []string, opts source.Options) (*Inventory, []source.Error) {
	inv := &Inventory{}
	inputs, errs := source.Discover(paths)
	opts.Wants = IsRBAC
	var mu sync.Mutex // Read may emit from a renderer's goroutine
	for _, in := range inputs {
		errs = append(errs, in.Read(opts, func(d *source.Document) {
			if d.Skipped {
				return
			}
			objs, perrs := source.Parse(d, 4*opts.MaxSize())
			mu.Lock()
			defer mu.Unlock()
			errs = append(errs, perrs...)
			for _, o := range objs {
				if err := inv.AddObject(o); err != nil {
					errs = append(errs, source.Error{File: o.Location.File, Line: o.Location.Line,
						Message: fmt.Sprintf("%s: %v", o.Ref, err)})
				}
			}
		})...)
	}
	return inv, errs
}
