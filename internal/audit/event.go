package audit

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// Event is the part of an audit.k8s.io/v1 Event that detectors read.
type Event struct {
	Kind             string          `json:"kind"`
	APIVersion       string          `json:"apiVersion"`
	Level            string          `json:"level"`
	AuditID          string          `json:"auditID"`
	Stage            string          `json:"stage"`
	RequestURI       string          `json:"requestURI"`
	Verb             string          `json:"verb"`
	User             UserInfo        `json:"user"`
	ImpersonatedUser *UserInfo       `json:"impersonatedUser"`
	SourceIPs        []string        `json:"sourceIPs"`
	UserAgent        string          `json:"userAgent"`
	ObjectRef        *ObjectRef      `json:"objectRef"`
	ResponseStatus   *ResponseStatus `json:"responseStatus"`
	// RequestObject and ResponseObject are kept as raw JSON; only the
	// detectors that look inside them decode them.
	RequestObject            jsontext.Value `json:"requestObject"`
	ResponseObject           jsontext.Value `json:"responseObject"`
	RequestReceivedTimestamp time.Time      `json:"requestReceivedTimestamp"`
	StageTimestamp           time.Time      `json:"stageTimestamp"`

	// File and Line say where the event was read: the log file and its
	// 1-based line, or the webhook batch ("webhook") and the item's index.
	File string `json:"-"`
	Line int    `json:"-"`
}

// UserInfo is the authenticated user of a request.
type UserInfo struct {
	Username string   `json:"username"`
	UID      string   `json:"uid"`
	Groups   []string `json:"groups"`
}

// ObjectRef is what a resource request was about.
type ObjectRef struct {
	Resource    string `json:"resource"`
	Namespace   string `json:"namespace"`
	Name        string `json:"name"`
	APIGroup    string `json:"apiGroup"`
	APIVersion  string `json:"apiVersion"`
	Subresource string `json:"subresource"`
}

// ResponseStatus is the answer's status; Code is the HTTP status code.
type ResponseStatus struct {
	Code   int    `json:"code"`
	Reason string `json:"reason"`
}

// Stages of a request that an event records.
const (
	StageRequestReceived  = "RequestReceived"
	StageResponseStarted  = "ResponseStarted"
	StageResponseComplete = "ResponseComplete"
	StagePanic            = "Panic"
)

// Time is when the request arrived, the moment detectors window on. An
// event without that timestamp (none the API server writes) falls back to
// its stage's.
func (e *Event) Time() time.Time {
	if !e.RequestReceivedTimestamp.IsZero() {
		return e.RequestReceivedTimestamp
	}
	return e.StageTimestamp
}

// Code is the answer's HTTP status code; 0 when the event has none yet
// (RequestReceived) or the policy left it out.
func (e *Event) Code() int {
	if e.ResponseStatus == nil {
		return 0
	}
	return e.ResponseStatus.Code
}

// Allowed reports whether the request got a successful answer.
func (e *Event) Allowed() bool {
	c := e.Code()
	return c >= 200 && c < 400
}

// Resource is the object's resource with its subresource, "pods/exec";
// empty for a non-resource request such as /version.
func (e *Event) Resource() string {
	if e.ObjectRef == nil {
		return ""
	}
	if e.ObjectRef.Subresource != "" {
		return e.ObjectRef.Resource + "/" + e.ObjectRef.Subresource
	}
	return e.ObjectRef.Resource
}

// Group is the object's API group, "" for the core group and for
// non-resource requests.
func (e *Event) Group() string {
	if e.ObjectRef == nil {
		return ""
	}
	return e.ObjectRef.APIGroup
}

// Namespace is the object's namespace, "" for cluster-scoped objects.
func (e *Event) Namespace() string {
	if e.ObjectRef == nil {
		return ""
	}
	return e.ObjectRef.Namespace
}

// IsWrite reports whether the verb changes state.
func (e *Event) IsWrite() bool {
	switch e.Verb {
	case "create", "update", "patch", "delete", "deletecollection":
		return true
	}
	return false
}

// validate refuses JSON that is not an audit event, or an event that lacks
// what every detector needs.
func (e *Event) validate() error {
	var missing []string
	if e.Kind != "Event" {
		if e.Kind == "" {
			missing = append(missing, "kind")
		} else {
			return fmt.Errorf("not an audit event: kind is %q, want Event", e.Kind)
		}
	}
	if !strings.HasPrefix(e.APIVersion, "audit.k8s.io/") {
		if e.APIVersion == "" {
			missing = append(missing, "apiVersion")
		} else {
			return fmt.Errorf("not an audit event: apiVersion is %q, want audit.k8s.io/v1", e.APIVersion)
		}
	}
	if e.AuditID == "" {
		missing = append(missing, "auditID")
	}
	if e.Stage == "" {
		missing = append(missing, "stage")
	}
	if e.Verb == "" {
		missing = append(missing, "verb")
	}
	if e.RequestReceivedTimestamp.IsZero() && e.StageTimestamp.IsZero() {
		missing = append(missing, "requestReceivedTimestamp")
	}
	if len(missing) > 0 {
		return fmt.Errorf("audit event lacks %s", strings.Join(missing, ", "))
	}
	return nil
}

// shortJSONError drops the Go type names json errors carry; a user
// reading "line 12: ..." needs what was wrong and where in the line.
func shortJSONError(err error) string {
	var se *jsontext.SyntacticError
	if errors.As(err, &se) {
		return fmt.Sprintf("%v at byte %d", se.Err, se.ByteOffset+1)
	}
	var semErr *json.SemanticError
	if errors.As(err, &semErr) {
		where := string(semErr.JSONPointer)
		if where == "" {
			where = "the top level"
		}
		msg := "wrong type"
		if semErr.Err != nil {
			msg = semErr.Err.Error()
		} else if semErr.JSONKind != 0 {
			msg = "unexpected JSON " + semErr.JSONKind.String()
		}
		return fmt.Sprintf("%s at %s", msg, where)
	}
	return err.Error()
}
