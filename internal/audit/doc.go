// Package audit turns Kubernetes audit events (audit.k8s.io/v1) into
// findings: a streaming reader for audit log files, detectors that keep
// bounded state over the event stream, the backend for the API server's
// audit webhook, and a linter for audit policies.
//
// Events are decoded into Event, which holds only the fields detectors
// read; everything else in a line is skipped without being materialised.
// That keeps decoding at several hundred thousand events a second on one
// core.
package audit
