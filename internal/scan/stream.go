package scan

import (
	"context"
	"runtime"
	"slices"
	"sync"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
	"github.com/kubeward/kubeward/internal/report"
)

// Stream is a source of objects other than files, such as a live
// cluster. It calls emit for every object, from any goroutines; emit
// blocks while the evaluators are busy, so a stream that waits for it
// holds only the objects in flight. It returns the kinds it could not
// read; its error means the stream as a whole failed (its context ended).
type Stream func(ctx context.Context, emit func(*kube.Object)) ([]Gap, error)

// Gap is a kind of object a stream could not read, so that none of its
// objects were evaluated.
type Gap struct {
	// Object names the unread objects: apiVersion, kind, the namespace
	// asked for ("" for all) and the name "*".
	Object   kube.Ref
	Location kube.Location // where they would have been read, e.g. an API path
	// Reason is the source's own explanation, e.g. the API server's
	// "pods is forbidden: User ... cannot list resource ...".
	Reason string
	// What names the unread objects in messages: "pods", "deployments.apps".
	What string
}

// RunStream scans the objects a stream delivers, with the same checks,
// exceptions and analyzers as Run. Objects are evaluated as they arrive
// and dropped, except for the compact facts analyzers keep. Every check
// that looks at a kind the stream could not read gets a not-evaluated
// finding saying why, so a check never passes on objects it did not see.
func RunStream(ctx context.Context, cfg Config, stream Stream) (*Result, error) {
	workers := cfg.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	objs := make(chan *kube.Object, 4*workers)
	parts := make([]*Result, workers)
	var evaluators sync.WaitGroup
	for i := range parts {
		part := &Result{}
		parts[i] = part
		evaluators.Go(func() {
			for o := range objs {
				evaluateObject(cfg, o, part)
			}
		})
	}
	gaps, err := stream(ctx, func(o *kube.Object) {
		select {
		case objs <- o:
		case <-ctx.Done():
		}
	})
	close(objs)
	evaluators.Wait()
	if err != nil {
		return nil, err
	}
	res := &Result{Gaps: gaps}
	gather(cfg, res, parts, gapFindings(cfg.Engine, gaps))
	return res, nil
}

// gapFindings reports, for each gap, every check that would have looked
// at its objects as not evaluated.
func gapFindings(e *check.Engine, gaps []Gap) [][]check.Finding {
	if len(gaps) == 0 {
		return nil
	}
	severity := map[string]check.Severity{}
	for _, c := range e.Coverage() {
		severity[c.Check] = c.Severity
	}
	var groups [][]check.Finding
	for _, g := range gaps {
		var fs []check.Finding
		for _, r := range e.Runners() {
			if !r.Wants(g.Object.APIVersion, g.Object.Kind) {
				continue
			}
			m := r.Info()
			fs = append(fs, check.Finding{
				Check: m.ID, Severity: severity[m.ID], Status: check.StatusNotEvaluated, Title: m.Title,
				Message: "could not list " + g.What + ": " + g.Reason,
				Object:  g.Object, Location: g.Location,
				Frameworks: check.FrameworksOf(m.Controls), Remediation: m.Remediation,
			})
		}
		if len(fs) > 0 {
			slices.SortFunc(fs, report.CompareFindings)
			groups = append(groups, fs)
		}
	}
	return groups
}
