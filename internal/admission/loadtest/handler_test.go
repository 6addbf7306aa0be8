package main

import (
	"bytes"
	"io"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"testing"

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
	log := slog.New(slog.NewJSONHandler(io.Discard, nil))
	h, err := webhook("../../../examples/policies/allowed_registries.rego", prometheus.NewRegistry(), log)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("POST", "/validate", bytes.NewReader(body)))
		if w.Code != 200 || !bytes.Contains(w.Body.Bytes(), wantAnswer) {
			b.Fatalf("%d %s", w.Code, w.Body)
		}
	}
}
