package policy_test

import (
	"context"
	"testing"

	"github.com/kubeward/kubeward/internal/kube"
	"github.com/kubeward/kubeward/internal/policy"
	"github.com/kubeward/kubeward/internal/source"
	"github.com/kubeward/kubeward/internal/testcorpus"
)

// corpusObjects reads the plain manifests of the corpus (Helm charts and
// kustomizations are rendered elsewhere) and keeps the objects p looks at.
func corpusObjects(b *testing.B, p *policy.Policy) []*kube.Object {
	inputs, _ := source.Discover([]string{testcorpus.Dir(b)})
	var objs []*kube.Object
	for _, in := range inputs {
		if in.Kind != source.FileInput {
			continue
		}
		in.Read(source.Options{}, func(d *source.Document) {
			os, _ := source.Parse(d, 4*source.DefaultMaxDocumentSize)
			for _, o := range os {
				if p.Runner().Applies(o.Kind) {
					if _, err := o.Workload(); err == nil {
						objs = append(objs, o)
					}
				}
			}
		})
	}
	if len(objs) == 0 {
		b.Fatal("no workloads in the corpus")
	}
	return objs
}

// BenchmarkPolicyPerObject measures one policy (allowed-registries) over
// every workload of the corpus: evaluating the prepared query on the
// object's input document, which is built once per object and shared by
// every policy (BenchmarkInput measures the building). ns/object is the
// cost a scan pays per object for each policy.
func BenchmarkPolicyPerObject(b *testing.B) {
	set, err := policy.Load(context.Background(), examples)
	if err != nil {
		b.Fatal(err)
	}
	p := set.Policies[0] // kubeward.allowed_registries
	objs := corpusObjects(b, p)
	b.ResetTimer()
	findings := 0
	for b.Loop() {
		findings = 0
		for _, o := range objs {
			fs, err := p.Eval(o)
			if err != nil {
				b.Fatal(err)
			}
			findings += len(fs)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(objs)), "ns/object")
	b.ReportMetric(float64(len(objs)), "objects")
	b.ReportMetric(float64(findings), "findings")
}

// BenchmarkInput isolates the input document's cost from the query's.
func BenchmarkInput(b *testing.B) {
	set, err := policy.Load(context.Background(), examples)
	if err != nil {
		b.Fatal(err)
	}
	objs := corpusObjects(b, set.Policies[0])
	b.ResetTimer()
	for b.Loop() {
		for _, o := range objs {
			if _, err := policy.BuildInput(o); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(objs)), "ns/object")
}
