package audit

import (
	"testing"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/config"
)

// Trusted and ignored users, by name and by group, are left alone; others
// doing the same are reported.
func TestTrustedAndIgnoredUsers(t *testing.T) {
	tokenEvent := func(user string, groups ...string) *Event {
		return &Event{Kind: "Event", APIVersion: "audit.k8s.io/v1", AuditID: "id-" + user, Stage: StageResponseComplete, Verb: "create",
			RequestURI: "/api/v1/namespaces/ns/serviceaccounts/sa/token", User: UserInfo{Username: user, Groups: groups},
			ObjectRef:      &ObjectRef{Resource: "serviceaccounts", Subresource: "token", Namespace: "ns", Name: "sa", APIVersion: "v1"},
			ResponseStatus: &ResponseStatus{Code: 201}, RequestReceivedTimestamp: t0}
	}
	var got []string
	cfg := config.Audit{IgnoreUsers: []string{"ci-*", "group:robots"}, Trusted: map[string][]string{"audit-token-request": {"vault"}}}
	e := NewEngine(NewSettings(cfg), check.Options{}, func(f check.Finding) { got = append(got, f.Object.Name+" "+f.Message) })
	for _, ev := range []*Event{
		tokenEvent("system:node:n1"),                  // built-in trusted by name
		tokenEvent("bootstrapper", "system:nodes"),    // built-in trusted by group
		tokenEvent("vault"),                           // trusted in config
		tokenEvent("ci-deployer"),                     // ignored by name
		tokenEvent("r2d2", "robots"),                  // ignored by group
		tokenEvent("mallory", "system:authenticated"), // reported
		tokenEvent("mallory", "robots"),               // same name, ignored group: not reported
	} {
		e.Observe(ev)
	}
	want := `sa user "mallory" requested a token for service account "ns/sa" from an unknown address`
	if len(got) != 1 || got[0] != want {
		t.Errorf("findings %q, want [%q]", got, want)
	}
}
