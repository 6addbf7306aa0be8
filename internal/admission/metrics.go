package admission

import (
	"github.com/prometheus/client_golang/prometheus"
)

// Metrics are the webhook's Prometheus series.
type Metrics struct {
	requests *prometheus.CounterVec
	duration prometheus.Histogram
	denials  *prometheus.CounterVec
	findings *prometheus.CounterVec
	errors   *prometheus.CounterVec
}

// NewMetrics registers the webhook's series on reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "kubeward_admission_requests_total",
			Help: "Admission requests answered, by object kind, operation, result (allowed, warned, denied, exempt, skipped, error) and whether they were dry runs.",
		}, []string{"kind", "operation", "result", "dry_run"}),
		duration: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "kubeward_admission_request_duration_seconds",
			Help: "Time from reading an AdmissionReview to writing the answer.",
			// From well under a millisecond (most requests) to the API
			// server's longest webhook timeout.
			Buckets: []float64{0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30},
		}),
		denials: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "kubeward_admission_denials_total",
			Help: "Findings that denied a request, by check. Dry runs are not counted.",
		}, []string{"check"}),
		findings: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "kubeward_admission_findings_total",
			Help: "Findings on admitted and denied requests by check and mode (enforce, warn, audit). Dry runs are not counted.",
		}, []string{"check", "mode"}),
		errors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "kubeward_admission_errors_total",
			Help: "Requests that could not be decided normally, by reason (bad_request, too_large, canceled, evaluation, panic).",
		}, []string{"reason"}),
	}
	reg.MustRegister(m.requests, m.duration, m.denials, m.findings, m.errors)
	return m
}

// record counts one decision. Dry runs count as requests only: a
// `kubectl apply --dry-run=server` followed by the real apply would
// otherwise count every finding twice.
func (m *Metrics) record(kind, operation string, dryRun bool, d *Decision) {
	m.requests.WithLabelValues(kind, operation, string(d.Result), boolLabel(dryRun)).Inc()
	if d.Result == ResultError {
		m.errors.WithLabelValues("evaluation").Inc()
	}
	if dryRun {
		return
	}
	for _, v := range d.Verdicts {
		m.findings.WithLabelValues(v.Check, v.Action.String()).Inc()
		if d.Result == ResultDenied && v.Action == ActionEnforce && !v.Existing {
			m.denials.WithLabelValues(v.Check).Inc()
		}
	}
}

func boolLabel(b bool) string {
	if b {
		return "true"
	}
	return "false"
}
