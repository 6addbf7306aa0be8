package audit

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/serve"
)

// Backend is the API server's audit webhook backend: it accepts EventList
// batches, answers at once, and runs the detectors on a worker of its
// own. When the queue is full it drops events, counts and logs that, and
// still answers 200: a slow detector must never hold up or fail the API
// server's sender, which would retry and buffer the batch.
type Backend struct {
	queue   chan *Event
	engine  *Engine
	log     *slog.Logger
	metrics backendMetrics
	// lastDropLog limits the queue-full warning to one every few seconds.
	lastDropLog atomic.Int64
	done        chan struct{}
	once        sync.Once
}

type backendMetrics struct {
	events   *prometheus.CounterVec
	batches  *prometheus.CounterVec
	findings *prometheus.CounterVec
	queued   prometheus.GaugeFunc
}

// NewBackend builds a backend that feeds engine through a queue of
// queueSize events. engine's findings go where NewEngine was told; wrap
// its emit with CountFinding to have them in the metrics.
func NewBackend(engine *Engine, queueSize int, reg prometheus.Registerer, log *slog.Logger) *Backend {
	b := &Backend{queue: make(chan *Event, queueSize), engine: engine, log: log, done: make(chan struct{})}
	b.metrics = backendMetrics{
		events: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "kubeward_audit_events_total",
			Help: "Audit events received by the webhook backend, by result: queued, dropped (queue full), invalid (not an audit event).",
		}, []string{"result"}),
		batches: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "kubeward_audit_batches_total",
			Help: "EventList batches received, by result: accepted, bad_request, too_large.",
		}, []string{"result"}),
		findings: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "kubeward_audit_findings_total",
			Help: "Findings made by the audit detectors, by detector and severity.",
		}, []string{"check", "severity"}),
		queued: prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "kubeward_audit_queue_length",
			Help: "Audit events waiting for the detectors; at kubeward_audit_queue_capacity new events are dropped.",
		}, func() float64 { return float64(len(b.queue)) }),
	}
	capacity := prometheus.NewGauge(prometheus.GaugeOpts{Name: "kubeward_audit_queue_capacity", Help: "Size of the event queue (--queue-size)."})
	capacity.Set(float64(queueSize))
	reg.MustRegister(b.metrics.events, b.metrics.batches, b.metrics.findings, b.metrics.queued, capacity)
	for _, res := range []string{"queued", "dropped", "invalid"} {
		b.metrics.events.WithLabelValues(res)
	}
	return b
}

// CountFinding counts a finding in the metrics; call it from the engine's
// emit function.
func (b *Backend) CountFinding(f check.Finding) {
	b.metrics.findings.WithLabelValues(f.Check, f.Severity.String()).Inc()
}

// Run feeds queued events to the detectors until ctx ends and the queue
// is drained.
func (b *Backend) Run(ctx context.Context) {
	defer close(b.done)
	for {
		select {
		case ev := <-b.queue:
			b.engine.Observe(ev)
		case <-ctx.Done():
			for {
				select {
				case ev := <-b.queue:
					b.engine.Observe(ev)
				default:
					return
				}
			}
		}
	}
}

// Done is closed when Run has returned.
func (b *Backend) Done() <-chan struct{} { return b.done }

// ServeHTTP accepts one EventList.
func (b *Backend) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := serve.ReadBody(w, r)
	if errors.Is(err, serve.ErrTooLarge) {
		b.metrics.batches.WithLabelValues("too_large").Inc()
		b.log.Warn("audit batch over the request size limit dropped", "remote", r.RemoteAddr)
		return
	}
	if err != nil {
		b.metrics.batches.WithLabelValues("bad_request").Inc()
		http.Error(w, "read body: "+err.Error(), http.StatusBadRequest)
		return
	}
	queued, dropped, invalid, err := b.accept(body)
	if err != nil {
		b.metrics.batches.WithLabelValues("bad_request").Inc()
		b.log.Warn("audit batch is not an EventList", "remote", r.RemoteAddr, "error", err)
		http.Error(w, "not an audit.k8s.io EventList: "+err.Error(), http.StatusBadRequest)
		return
	}
	b.metrics.batches.WithLabelValues("accepted").Inc()
	b.metrics.events.WithLabelValues("queued").Add(float64(queued))
	b.metrics.events.WithLabelValues("dropped").Add(float64(dropped))
	b.metrics.events.WithLabelValues("invalid").Add(float64(invalid))
	if dropped > 0 {
		now := time.Now().UnixNano()
		if last := b.lastDropLog.Load(); now-last > int64(10*time.Second) && b.lastDropLog.CompareAndSwap(last, now) {
			b.log.Warn("audit event queue full: events dropped (see kubeward_audit_events_total{result=\"dropped\"}); raise --queue-size or give the backend more CPU",
				"dropped", dropped, "queue", cap(b.queue))
		}
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write([]byte("{}"))
}

// accept decodes a batch and queues its events without blocking. An item
// that is not an event is counted and skipped; a body that is not an
// EventList is an error.
func (b *Backend) accept(body []byte) (queued, dropped, invalid int, err error) {
	dec := jsontext.NewDecoder(bytes.NewBuffer(body), jsontext.AllowInvalidUTF8(true), jsontext.AllowDuplicateNames(true))
	if tok, err := dec.ReadToken(); err != nil || tok.Kind() != '{' {
		return 0, 0, 0, errors.New("the body is not a JSON object")
	}
	events := NewDecoder()
	sawItems := false
	// The API server writes apiVersion before items; until it is seen,
	// items are taken to be of the version the API server sends today.
	apiVersion := "audit.k8s.io/v1"
	for dec.PeekKind() == '"' {
		name, err := dec.ReadToken()
		if err != nil {
			return queued, dropped, invalid, err
		}
		switch name.String() {
		case "kind":
			v, err := dec.ReadToken()
			if err != nil {
				return queued, dropped, invalid, err
			}
			if v.String() != "EventList" {
				return queued, dropped, invalid, fmt.Errorf("kind is %s, want EventList", strconv.Quote(v.String()))
			}
		case "apiVersion":
			v, err := dec.ReadToken()
			if err != nil {
				return queued, dropped, invalid, err
			}
			apiVersion = v.String()
		case "items":
			sawItems = true
			if tok, err := dec.ReadToken(); err != nil || tok.Kind() != '[' {
				return queued, dropped, invalid, errors.New("items is not an array")
			}
			for i := 0; dec.PeekKind() != ']'; i++ {
				raw, err := dec.ReadValue()
				if err != nil {
					return queued, dropped, invalid, err
				}
				ev := new(Event)
				if err := events.DecodeItem(raw, apiVersion, ev); err != nil {
					invalid++
					b.log.Debug("audit batch item is not an event", "index", i, "error", err)
					continue
				}
				select {
				case b.queue <- ev:
					queued++
				default:
					dropped++
				}
			}
			if _, err := dec.ReadToken(); err != nil {
				return queued, dropped, invalid, err
			}
		default:
			if err := dec.SkipValue(); err != nil {
				return queued, dropped, invalid, err
			}
		}
	}
	if !sawItems {
		return queued, dropped, invalid, errors.New("no items")
	}
	return queued, dropped, invalid, nil
}
