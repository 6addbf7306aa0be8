package check_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
)

func object(t *testing.T, js string) *kube.Object {
	t.Helper()
	o, err := kube.NewObject([]byte(js), nil, kube.Location{File: "f.yaml", Line: 3}, 0, 2)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

var everyContainer = &check.Check[kube.Container]{
	Meta: check.Meta{ID: "every-container", Title: "t", Severity: check.Low, Family: "test",
		Description: "d", Remediation: "r",
		Controls: []check.Control{{Framework: check.FrameworkPSS, ID: "baseline"}, {Framework: check.FrameworkMITRE, ID: "T1611"}}},
	Run: func(p *check.Pass[kube.Container]) error {
		p.Reportf(p.Subject.Path, "saw %s", p.Subject.Describe())
		return nil
	},
}

func TestEngineFillsFindings(t *testing.T) {
	e := check.NewEngine([]check.Runner{everyContainer}, check.Options{Severities: map[string]check.Severity{"every-container": check.High}})
	o := object(t, `{"apiVersion":"batch/v1","kind":"CronJob","metadata":{"name":"c","namespace":"n"},
		"spec":{"jobTemplate":{"spec":{"template":{"spec":{"initContainers":[{"name":"i"}],"containers":[{"name":"a"}],"ephemeralContainers":[{"name":"e"}]}}}}}}`)
	fs, err := e.Evaluate(o)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct{ msg, path, container string }{
		{`saw init container "i"`, "spec.jobTemplate.spec.template.spec.initContainers[0]", "i"},
		{`saw container "a"`, "spec.jobTemplate.spec.template.spec.containers[0]", "a"},
		{`saw ephemeral container "e"`, "spec.jobTemplate.spec.template.spec.ephemeralContainers[0]", "e"},
	}
	if len(fs) != len(want) {
		t.Fatalf("%d findings, want %d: %+v", len(fs), len(want), fs)
	}
	for i, w := range want {
		f := fs[i]
		if f.Message != w.msg || f.Path != w.path || f.Container != w.container {
			t.Errorf("finding %d = %q %q %q, want %+v", i, f.Message, f.Path, f.Container, w)
		}
		if f.Check != "every-container" || f.Severity != check.High || f.Status != check.StatusFail ||
			f.Object != (kube.Ref{APIVersion: "batch/v1", Kind: "CronJob", Namespace: "n", Name: "c"}) ||
			f.Frameworks.PSS != "baseline" || len(f.Frameworks.MITRE) != 1 || f.Location.File != "f.yaml" {
			t.Errorf("finding %d metadata: %+v", i, f)
		}
	}
}

func TestEngineSkipsKindsAndDisabledChecks(t *testing.T) {
	e := check.NewEngine([]check.Runner{everyContainer}, check.Options{})
	if e.Wants("v1", "ConfigMap") || !e.Wants("apps/v1", "StatefulSet") {
		t.Fatal("Wants does not follow the checks' subject kinds")
	}
	off := check.NewEngine([]check.Runner{everyContainer}, check.Options{Disabled: map[string]bool{"every-container": true}})
	if off.Wants("v1", "Pod") || len(off.Runners()) != 0 {
		t.Fatal("a disabled check still runs")
	}
}

func TestEngineReportsErrorsAndPanics(t *testing.T) {
	failing := &check.Check[*kube.Workload]{Meta: check.Meta{ID: "broken"},
		Run: func(*check.Pass[*kube.Workload]) error { return errors.New("no data") }}
	panicking := &check.Check[*kube.Workload]{Meta: check.Meta{ID: "panics"},
		Run: func(p *check.Pass[*kube.Workload]) error { var m map[string]int; m["x"] = 1; return nil }}
	e := check.NewEngine([]check.Runner{failing, panicking}, check.Options{})
	fs, err := e.Evaluate(object(t, `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{}}`))
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != 2 || fs[0].Status != check.StatusError || fs[0].Message != "could not evaluate: no data" ||
		fs[1].Status != check.StatusError || !strings.HasPrefix(fs[1].Message, "could not evaluate: check panicked: assignment to entry in nil map") {
		t.Fatalf("findings %+v", fs)
	}
}

func TestEngineRejectsUndecodablePodTemplate(t *testing.T) {
	e := check.NewEngine([]check.Runner{everyContainer}, check.Options{})
	_, err := e.Evaluate(object(t, `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":"oops"}}`))
	if err == nil || err.Error() != "does not match the Pod schema: spec.containers: a string where []v1.Container is expected" {
		t.Fatalf("err = %v", err)
	}
}

// TestEngineConcurrentUse runs one engine from many goroutines; run it with -race.
func TestEngineConcurrentUse(t *testing.T) {
	e := check.NewEngine([]check.Runner{everyContainer}, check.Options{})
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 50 {
				o, _ := kube.NewObject([]byte(`{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"a"}]}}`), nil, kube.Location{}, 0, 0)
				if fs, err := e.Evaluate(o); err != nil || len(fs) != 1 {
					t.Errorf("got %d findings, err %v", len(fs), err)
				}
			}
		})
	}
	wg.Wait()
}

// TestSharedFactsAreCollectedOnce checks that analyzers sharing a pool of
// facts collect once per object and each analyze the same facts.
func TestSharedFactsAreCollectedOnce(t *testing.T) {
	var calls atomic.Int32
	collect := func(o *kube.Object) ([]check.Fact, error) {
		calls.Add(1)
		return []check.Fact{{Object: check.Shell(o), Value: o.Name}}, nil
	}
	var seen [2][]string
	analyzer := func(i int) *check.Analyzer {
		return &check.Analyzer{Meta: check.Meta{ID: fmt.Sprintf("shared-%d", i)}, Kinds: []string{"Pod"},
			Collect: collect, Shares: "pods",
			Analyze: func(facts []check.Fact, report func(*kube.Object, check.Finding)) {
				for _, f := range facts {
					seen[i] = append(seen[i], f.Value.(string))
				}
			}}
	}
	e := check.NewEngine([]check.Runner{analyzer(0), analyzer(1)}, check.Options{})
	for _, name := range []string{"a", "b"} {
		if _, err := e.Evaluate(object(t, `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"`+name+`"},"spec":{"containers":[]}}`)); err != nil {
			t.Fatal(err)
		}
	}
	e.Analyze()
	if calls.Load() != 2 {
		t.Errorf("collect ran %d times for 2 objects, want 2", calls.Load())
	}
	want := []string{"a", "b"}
	if !slices.Equal(seen[0], want) || !slices.Equal(seen[1], want) {
		t.Errorf("facts seen: %v", seen)
	}
}

// TestPrepareRunsOncePerPool checks that the shared work of a pool runs
// once per scan, and that each of its analyzers gets the result.
func TestPrepareRunsOncePerPool(t *testing.T) {
	var prepares atomic.Int32
	var got [2]any
	analyzer := func(i int) *check.Analyzer {
		return &check.Analyzer{Meta: check.Meta{ID: fmt.Sprintf("prepared-%d", i)}, Kinds: []string{"Pod"},
			Collect: func(o *kube.Object) ([]check.Fact, error) {
				return []check.Fact{{Object: check.Shell(o), Value: o.Name}}, nil
			},
			Shares: "pods",
			Prepare: func(facts []check.Fact) any {
				prepares.Add(1)
				return len(facts)
			},
			AnalyzePrepared: func(v any, report func(*kube.Object, check.Finding)) { got[i] = v }}
	}
	e := check.NewEngine([]check.Runner{analyzer(0), analyzer(1)}, check.Options{})
	for scan := 1; scan <= 2; scan++ {
		for _, name := range []string{"a", "b", "c"} {
			if _, err := e.Evaluate(object(t, `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"`+name+`"},"spec":{"containers":[]}}`)); err != nil {
				t.Fatal(err)
			}
		}
		e.Analyze()
		if n := prepares.Load(); n != int32(scan) {
			t.Errorf("after scan %d Prepare ran %d times, want %d", scan, n, scan)
		}
		if got != [2]any{3, 3} {
			t.Errorf("scan %d: analyzers got %v, want 3 facts each", scan, got)
		}
	}
	if err := check.Validate([]check.Runner{&check.Analyzer{Meta: check.Meta{ID: "half", Title: "t", Description: "d",
		Remediation: "r", Family: "f", Severity: check.Low}, Prepare: func([]check.Fact) any { return nil }}}); err == nil ||
		!strings.Contains(err.Error(), `check "half": analyzer with neither Analyze nor Prepare and AnalyzePrepared`) {
		t.Errorf("Validate of an analyzer without AnalyzePrepared: %v", err)
	}
}

// TestAnalyzerFindingsInRegistryOrder: findings come back in the order of
// the analyzers, however their pools are scheduled, each in the order it
// was reported and beside the object it is about, past the first block.
func TestAnalyzerFindingsInRegistryOrder(t *testing.T) {
	reporting := func(id string, facts, each int) *check.Analyzer {
		return &check.Analyzer{Meta: check.Meta{ID: id}, Kinds: []string{"Pod"},
			Collect: func(o *kube.Object) ([]check.Fact, error) {
				fs := make([]check.Fact, facts)
				for i := range fs {
					fs[i] = check.Fact{Object: check.Shell(o)}
				}
				return fs, nil
			},
			Analyze: func(facts []check.Fact, report func(*kube.Object, check.Finding)) {
				for i := range each {
					report(facts[0].Object, check.Finding{Message: fmt.Sprintf("%s %d", id, i)})
				}
			}}
	}
	// The second analyzer has the most facts, so its pool starts first.
	e := check.NewEngine([]check.Runner{reporting("first", 1, 3), reporting("second", 50, 1000), reporting("third", 2, 70)},
		check.Options{})
	for _, name := range []string{"b", "a"} {
		if _, err := e.Evaluate(object(t, `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"`+name+`"},"spec":{"containers":[]}}`)); err != nil {
			t.Fatal(err)
		}
	}
	findings, subjects := e.Analyze()
	if len(findings) != 3+1000+70 || len(subjects) != len(findings) {
		t.Fatalf("got %d findings and %d subjects, want 1073 of each", len(findings), len(subjects))
	}
	i := 0
	for _, want := range []struct {
		id string
		n  int
	}{{"first", 3}, {"second", 1000}, {"third", 70}} {
		for j := range want.n {
			f := findings[i]
			if msg := fmt.Sprintf("%s %d", want.id, j); f.Check != want.id || f.Message != msg || f.Object != subjects[i].Ref {
				t.Fatalf("finding %d: %s %q about %s, want %s %q about %s", i, f.Check, f.Message, f.Object, want.id, msg, subjects[i].Ref)
			}
			i++
		}
	}
}
