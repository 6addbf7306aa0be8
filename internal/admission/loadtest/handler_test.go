package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"github.com/kubeward/kubeward/internal/admission"
	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/checks"
	"github.com/kubeward/kubeward/internal/policy"
	"github.com/kubeward/kubeward/internal/testcorpus"
	"github.com/prometheus/client_golang/prometheus"
)

// BenchmarkHandler is the server's share of one review, without the
// transport: the load test's Deployment through the webhook handler with
// every built-in check and one Rego policy, as `make bench-admission`
// serves it.
func BenchmarkHandler(b *testing.B) {
	body, err := reviewBody(filepath.Join(testcorpus.Dir(b), "kube-prometheus", "manifests", "prometheusOperator-deployment.yaml"))
	if err != nil {
		b.Fatal(err)
	}
	set, err := policy.Load(context.Background(), "../../../examples/policies/allowed_registries.rego")
	if err != nil {
		b.Fatal(err)
	}
	log := slog.New(slog.NewJSONHandler(io.Discard, nil))
	engine := check.NewEngine(append(admission.Runners(checks.All()), set.Runners()...), check.Options{})
	h := admission.NewHandler(admission.NewReviewer(reviewConfig(), engine, log), admission.NewMetrics(prometheus.NewRegistry()), log)
	b.ReportAllocs()
	for b.Loop() {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("POST", "/validate", bytes.NewReader(body)))
		if w.Code != 200 || !bytes.Contains(w.Body.Bytes(), wantAnswer) {
			b.Fatalf("%d %s", w.Code, w.Body)
		}
	}
}
