package audit

import (
	"fmt"
	"strings"
	"time"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
)

// Detector is a check over the audit event stream. Its state lives in the
// observer New returns, so one Engine per stream keeps streams apart.
type Detector struct {
	check.Meta
	// Trusted are the users (patterns as in Settings) the detector never
	// reports: Kubernetes' own components doing their job.
	Trusted []string
	// Tunables names the keys of the audit section of .kubeward.yaml that
	// tune it, for docs.
	Tunables []string
	// New starts the detector on a stream; nil means it is off with
	// these settings (an optional detector not configured).
	New func(s *Settings) Observer
}

// Observer sees every event of a stream in order.
type Observer func(ev *Event, out *Out)

// Alert is what a detector reports; the engine turns it into a finding.
type Alert struct {
	Message string
	Object  kube.Ref
	Path    string
	// Severity overrides the detector's, when set (a reused pod check
	// reports at its own severity).
	Severity *check.Severity
	Events   []EventRef
}

// EventRef is what a finding keeps of an event it rests on.
type EventRef struct {
	AuditID   string
	Time      time.Time
	User      string
	SourceIPs []string
	Verb      string
	URI       string
	Code      int
	File      string
	Line      int
}

func refOf(ev *Event) EventRef {
	return EventRef{AuditID: ev.AuditID, Time: ev.Time(), User: ev.User.Username, SourceIPs: ev.SourceIPs,
		Verb: ev.Verb, URI: ev.RequestURI, Code: ev.Code(), File: ev.File, Line: ev.Line}
}

// Engine runs detectors over one event stream. It is not safe for
// concurrent use: events must arrive one at a time, in order.
type Engine struct {
	settings *Settings
	runs     []*run
	// started remembers requests whose ResponseStarted event was seen,
	// so that their ResponseComplete is not evaluated a second time.
	started *recentSet
	emit    func(check.Finding)
	events  int
	// byName caches, per user name, which detectors trust the user by
	// name (the last slot: ignored by every detector). Matching some
	// hundred patterns per event would cost more than the detectors.
	byName       map[string][]bool
	ignoreGroups []string // the group patterns of Settings.IgnoreUsers
}

type run struct {
	det *Detector
	// names and groups split the detector's trusted patterns: user-name
	// patterns are matched once per user name, group patterns per event.
	names, groups []string
	observe       Observer
	severity      check.Severity
	fw            *check.Frameworks
	out           Out
}

// NewEngine starts every detector that opts does not disable, with
// settings s. emit receives each finding as it is made.
func NewEngine(s Settings, opts check.Options, emit func(check.Finding)) *Engine {
	e := &Engine{settings: &s, started: newRecentSet(1 << 16), emit: emit, byName: map[string][]bool{}}
	_, e.ignoreGroups = splitPatterns(s.IgnoreUsers)
	for _, d := range Detectors() {
		if opts.Disabled[d.ID] || d.New == nil {
			continue
		}
		obs := d.New(e.settings)
		if obs == nil {
			continue
		}
		sev := d.Severity
		if o, ok := opts.Severities[d.ID]; ok {
			sev = o
		}
		r := &run{det: d, observe: obs, severity: sev, fw: check.FrameworksOf(d.Controls)}
		r.names, r.groups = splitPatterns(e.settings.Trusted[d.ID])
		r.out = Out{engine: e, run: r, seen: map[string]time.Time{}}
		e.runs = append(e.runs, r)
	}
	return e
}

// Running lists the detectors that run.
func (e *Engine) Running() []*check.Meta {
	var out []*check.Meta
	for _, r := range e.runs {
		out = append(out, &r.det.Meta)
	}
	return out
}

// Observe evaluates one event.
func (e *Engine) Observe(ev *Event) {
	switch ev.Stage {
	case StageRequestReceived:
		// Says nothing about the outcome; the later stages of the same
		// request do.
		return
	case StageResponseStarted:
		e.started.add(ev.AuditID)
	case StageResponseComplete:
		if e.started.remove(ev.AuditID) {
			return
		}
	}
	trusted := e.trustedByName(ev.User.Username)
	if trusted[len(e.runs)] || (len(e.ignoreGroups) > 0 && userMatches(e.ignoreGroups, &ev.User)) {
		return
	}
	e.events++
	for i, r := range e.runs {
		if trusted[i] || (len(r.groups) > 0 && userMatches(r.groups, &ev.User)) {
			continue
		}
		r.observe(ev, &r.out)
	}
}

// trustedByName says which detectors trust a user name, and in its last
// slot whether the name is ignored altogether.
func (e *Engine) trustedByName(name string) []bool {
	if t, ok := e.byName[name]; ok {
		return t
	}
	t := make([]bool, len(e.runs)+1)
	u := UserInfo{Username: name}
	for i, r := range e.runs {
		t[i] = userMatches(r.names, &u)
	}
	ignoreNames, _ := splitPatterns(e.settings.IgnoreUsers)
	t[len(e.runs)] = userMatches(ignoreNames, &u)
	if len(e.byName) >= maxKeys {
		clear(e.byName)
	}
	e.byName[name] = t
	return t
}

// splitPatterns separates user-name patterns from group patterns.
func splitPatterns(ps []string) (names, groups []string) {
	for _, p := range ps {
		if strings.HasPrefix(p, "group:") {
			groups = append(groups, p)
		} else {
			names = append(names, p)
		}
	}
	return names, groups
}

// Out reports a detector's alerts.
type Out struct {
	engine *Engine
	run    *run
	// seen holds the keys ReportOnce reported, with when.
	seen map[string]time.Time
}

// Report turns an alert into a finding now.
func (o *Out) Report(a Alert) {
	r := o.run
	sev := r.severity
	if a.Severity != nil {
		sev = *a.Severity
	}
	f := check.Finding{
		Check: r.det.ID, Severity: sev, Status: check.StatusFail, Title: r.det.Title,
		Message: a.Message, Object: a.Object, Path: a.Path, Frameworks: r.fw, Remediation: r.det.Remediation,
	}
	if n := len(a.Events); n > 0 {
		last := a.Events[n-1]
		f.Location = kube.Location{File: last.File, Line: last.Line}
		if last.File == "" {
			f.Location.Object = last.URI
		}
	}
	for _, ev := range a.Events {
		f.Evidence = append(f.Evidence, evidenceOf(ev))
	}
	o.engine.emit(f)
}

// ReportOnce reports the alert unless the same key was reported within
// the repeat window before at, so that a user doing the same thing over
// and over yields one finding per window, not one per request.
func (o *Out) ReportOnce(key string, at time.Time, a Alert) {
	if last, ok := o.seen[key]; ok && at.Sub(last) < o.engine.settings.RepeatWindow {
		return
	}
	if len(o.seen) >= maxKeys {
		pruneBefore(o.seen, at.Add(-o.engine.settings.RepeatWindow))
	}
	o.seen[key] = at
	o.Report(a)
}

// maxKeys bounds every per-key table a detector keeps; past it, keys
// older than their window are dropped, and if none is, the table is
// cleared: detection then restarts rather than memory growing without
// end.
const maxKeys = 1 << 17

func pruneBefore(m map[string]time.Time, cutoff time.Time) {
	for k, t := range m {
		if t.Before(cutoff) {
			delete(m, k)
		}
	}
	if len(m) >= maxKeys {
		clear(m)
	}
}

// evidenceOf records an event in the finding's evidence: the audit ID
// under setting, the request time as value, and who did what in detail.
func evidenceOf(ev EventRef) check.Evidence {
	e := check.Evidence{Source: "audit", Setting: ev.AuditID, Value: ev.Time.UTC().Format(time.RFC3339Nano)}
	if ev.File != "" {
		e.File = fmt.Sprintf("%s:%d", ev.File, ev.Line)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "user=%s", ev.User)
	if len(ev.SourceIPs) > 0 {
		fmt.Fprintf(&b, " sourceIPs=%s", strings.Join(ev.SourceIPs, ","))
	}
	fmt.Fprintf(&b, " verb=%s uri=%s", ev.Verb, ev.URI)
	if ev.Code != 0 {
		fmt.Fprintf(&b, " code=%d", ev.Code)
	}
	e.Detail = b.String()
	return e
}

// recentSet is a set of strings that forgets its oldest member when full.
type recentSet struct {
	members map[string]int
	ring    []string
	next    int
}

func newRecentSet(size int) *recentSet {
	return &recentSet{members: make(map[string]int), ring: make([]string, size)}
}

func (s *recentSet) add(k string) {
	if old := s.ring[s.next]; old != "" {
		delete(s.members, old)
	}
	s.ring[s.next] = k
	s.members[k] = s.next
	s.next = (s.next + 1) % len(s.ring)
}

func (s *recentSet) remove(k string) bool {
	i, ok := s.members[k]
	if ok {
		delete(s.members, k)
		s.ring[i] = ""
	}
	return ok
}
