package admission

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"time"

	admissionv1 "k8s.io/api/admission/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kubeward/kubeward/internal/kube"
	"github.com/kubeward/kubeward/internal/serve"
)

// Handler answers AdmissionReviews (admission.k8s.io/v1 and v1beta1,
// whose request and response have the same fields) over HTTP.
type Handler struct {
	workers  *workers
	reviewer *Reviewer
	metrics  *Metrics
	log      *slog.Logger
}

// NewHandler returns the HTTP adapter of a Reviewer.
func NewHandler(r *Reviewer, m *Metrics, log *slog.Logger) *Handler {
	return &Handler{workers: newWorkers(), reviewer: r, metrics: m, log: log}
}

// ServeHTTP answers one AdmissionReview. A body that is not one is a 400,
// a body over the server's limit a 413; every review, even one whose
// evaluation failed or panicked, gets an answer (per FailOpen).
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	defer func() { h.metrics.duration.Observe(time.Since(start).Seconds()) }()
	body, err := serve.ReadBody(w, r)
	if errors.Is(err, serve.ErrTooLarge) {
		h.metrics.errors.WithLabelValues("too_large").Inc()
		h.log.Warn("request body over the limit", "remote", r.RemoteAddr, "contentLength", r.ContentLength)
		return
	}
	if err != nil {
		h.badRequest(w, r, fmt.Sprintf("read body: %v", err))
		return
	}
	// Everything from decoding to the encoded answer runs on a worker,
	// whose stack has grown already (see workers).
	if !h.workers.do(r.Context(), func() { h.answer(w, r, body, start) }) {
		h.metrics.errors.WithLabelValues("canceled").Inc()
		h.log.Warn("request ended before a worker was free", "remote", r.RemoteAddr, "error", context.Cause(r.Context()))
	}
}

// answer decodes one AdmissionReview, decides it and writes the answer.
func (h *Handler) answer(w http.ResponseWriter, r *http.Request, body []byte, start time.Time) {
	var review admissionv1.AdmissionReview
	if err := kube.UnmarshalJSON(body, &review); err != nil {
		h.badRequest(w, r, fmt.Sprintf("body is not an AdmissionReview: %v", err))
		return
	}
	if msg := invalid(&review); msg != "" {
		h.badRequest(w, r, msg)
		return
	}
	req := review.Request
	d := h.review(r, req)
	h.metrics.record(req.Kind.Kind, string(req.Operation), dryRun(req), &d)
	h.logDecision(req, &d, time.Since(start))

	resp := &admissionv1.AdmissionResponse{UID: req.UID, Allowed: d.Allowed, Warnings: d.Warnings}
	if !d.Allowed {
		resp.Result = &metav1.Status{Status: metav1.StatusFailure, Code: http.StatusForbidden,
			Reason: metav1.StatusReasonForbidden, Message: d.Message}
	}
	out, err := json.Marshal(admissionv1.AdmissionReview{TypeMeta: review.TypeMeta, Response: resp})
	if err != nil { // only unencodable types fail, and these are plain structs
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write(out)
}

// review runs the reviewer, turning a panic anywhere in it into the
// failure decision so that the server stays up and the request is
// answered as configured.
func (h *Handler) review(r *http.Request, req *admissionv1.AdmissionRequest) (d Decision) {
	defer func() {
		if v := recover(); v != nil {
			h.metrics.errors.WithLabelValues("panic").Inc()
			h.log.Error("review panicked", "uid", req.UID, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
			d = h.reviewer.failed(fmt.Errorf("internal error: %v", v))
		}
	}()
	return h.reviewer.Review(r.Context(), req)
}

// invalid says what is wrong with a review, or "".
func invalid(rv *admissionv1.AdmissionReview) string {
	switch {
	case rv.Kind != "AdmissionReview":
		return fmt.Sprintf("kind %q is not AdmissionReview", rv.Kind)
	case rv.APIVersion != "admission.k8s.io/v1" && rv.APIVersion != "admission.k8s.io/v1beta1":
		return fmt.Sprintf("apiVersion %q is not admission.k8s.io/v1 or v1beta1", rv.APIVersion)
	case rv.Request == nil:
		return "the AdmissionReview has no request"
	case rv.Request.UID == "":
		return "the AdmissionReview request has no uid"
	}
	return ""
}

func (h *Handler) badRequest(w http.ResponseWriter, r *http.Request, msg string) {
	h.metrics.errors.WithLabelValues("bad_request").Inc()
	h.log.Warn("bad request", "remote", r.RemoteAddr, "error", msg)
	http.Error(w, msg, http.StatusBadRequest)
}

func dryRun(req *admissionv1.AdmissionRequest) bool { return req.DryRun != nil && *req.DryRun }

// logDecision writes the one log line of a decision.
func (h *Handler) logDecision(req *admissionv1.AdmissionRequest, d *Decision, took time.Duration) {
	attrs := []slog.Attr{
		slog.String("uid", string(req.UID)),
		slog.String("kind", req.Kind.Kind),
		slog.String("namespace", req.Namespace),
		slog.String("name", req.Name),
		slog.String("user", req.UserInfo.Username),
		slog.String("operation", string(req.Operation)),
		slog.Bool("dryRun", dryRun(req)),
		slog.String("result", string(d.Result)),
		slog.Bool("allowed", d.Allowed),
		slog.Duration("took", took),
	}
	if d.Reason != "" {
		attrs = append(attrs, slog.String("reason", d.Reason))
	}
	if d.Suppressed > 0 {
		attrs = append(attrs, slog.Int("suppressed", d.Suppressed))
	}
	if len(d.Verdicts) > 0 {
		fs := make([]logFinding, len(d.Verdicts))
		for i, v := range d.Verdicts {
			fs[i] = logFinding{Check: v.Check, Severity: v.Severity.String(), Mode: v.Action.String(),
				Path: v.Path, Existing: v.Existing, Message: v.Message}
		}
		attrs = append(attrs, slog.Any("findings", fs))
	}
	level := slog.LevelInfo
	if d.Result == ResultError {
		level = slog.LevelError
	}
	h.log.LogAttrs(context.Background(), level, "admission decision", attrs...)
}

// logFinding is a finding as the decision log shows it.
type logFinding struct {
	Check    string `json:"check"`
	Severity string `json:"severity"`
	Mode     string `json:"mode"`
	Path     string `json:"path,omitempty"`
	Existing bool   `json:"existing,omitempty"`
	Message  string `json:"message"`
}
