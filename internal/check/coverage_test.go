package check_test

import (
	"errors"
	"maps"
	"slices"
	"sync"
	"testing"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
)

// TestCoverageCounts checks the per-check counts that compliance and the
// score are computed from: objects and subjects evaluated, errors, and
// objects per kind, from many goroutines at once (run with -race).
func TestCoverageCounts(t *testing.T) {
	podOnly := &check.Check[*kube.Workload]{Meta: check.Meta{ID: "fails-on-b", Severity: check.High},
		Run: func(p *check.Pass[*kube.Workload]) error {
			if p.Object.Name == "b" {
				return errors.New("cannot")
			}
			return nil
		}}
	analyzer := &check.Analyzer{Meta: check.Meta{ID: "pods-inventory"}, Kinds: []string{"Pod"},
		Collect: func(o *kube.Object) ([]check.Fact, error) { return []check.Fact{{Object: check.Shell(o)}}, nil },
		Analyze: func([]check.Fact, func(*kube.Object, check.Finding)) {}}
	e := check.NewEngine([]check.Runner{everyContainer, podOnly, analyzer},
		check.Options{Severities: map[string]check.Severity{"every-container": check.Critical}})
	pods := []string{
		`{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a"},"spec":{"containers":[{"name":"x"},{"name":"y"}]}}`,
		`{"apiVersion":"v1","kind":"Pod","metadata":{"name":"b"},"spec":{"containers":[{"name":"x"}]}}`,
		`{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},"spec":{"template":{"spec":{"containers":[{"name":"x"}]}}}}`,
		`{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"}}`,
		`{"apiVersion":"v1","kind":"Pod","metadata":{"name":"bad"},"spec":{"containers":"oops"}}`,
	}
	var wg sync.WaitGroup
	for range 10 {
		wg.Go(func() {
			for _, js := range pods {
				o, err := kube.NewObject([]byte(js), nil, kube.Location{}, 0, 0)
				if err != nil {
					t.Error(err)
					return
				}
				e.Evaluate(o)
			}
		})
	}
	wg.Wait()
	want := []check.Coverage{
		{Check: "every-container", Severity: check.Critical, Objects: 30, Subjects: 40},
		{Check: "fails-on-b", Severity: check.High, Objects: 20, Subjects: 20, Errors: 10},
		{Check: "pods-inventory", Objects: 20, Subjects: 20},
	}
	if got := e.Coverage(); !slices.Equal(got, want) {
		t.Errorf("Coverage() =\n%+v\nwant\n%+v", got, want)
	}
	if got, want := e.Kinds(), map[string]int{"Pod": 20, "Deployment": 10, "ConfigMap": 10}; !maps.Equal(got, want) {
		t.Errorf("Kinds() = %v, want %v", got, want)
	}
}
