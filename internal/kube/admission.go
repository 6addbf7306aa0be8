package kube

import "encoding/json"

// AdmissionInfo is what an admission request says beyond the object
// itself: who asks, for which operation, and the object as it was before
// an update. The admission webhook sets it on the objects it evaluates
// (Object.Admission); it is nil for objects read from files or a cluster,
// so a check or policy that reads it must handle nil.
type AdmissionInfo struct {
	UID         string   // the request's UID, for logs
	Operation   string   // CREATE or UPDATE
	SubResource string   // "" for the object itself, "ephemeralcontainers", ...
	User        string   // the requesting user's name
	Groups      []string // the requesting user's groups
	DryRun      bool     // nothing will be stored, whatever the answer
	// OldObject is the stored object an UPDATE replaces, as the API server
	// sent it; nil on CREATE.
	OldObject json.RawMessage
}
