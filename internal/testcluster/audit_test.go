package testcluster_test

import (
	"bufio"
	"encoding/json"
	"os"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kubeward/kubeward/internal/testcluster"
)

// auditEvent is the part of an audit.k8s.io/v1 Event the test reads.
type auditEvent struct {
	APIVersion string `json:"apiVersion"`
	Kind       string `json:"kind"`
	Level      string `json:"level"`
	Stage      string `json:"stage"`
	Verb       string `json:"verb"`
	User       struct {
		Username string `json:"username"`
	} `json:"user"`
	SourceIPs []string `json:"sourceIPs"`
	ObjectRef struct {
		Resource  string `json:"resource"`
		Namespace string `json:"namespace"`
		Name      string `json:"name"`
	} `json:"objectRef"`
	ResponseStatus struct {
		Code int `json:"code"`
	} `json:"responseStatus"`
	RequestObject json.RawMessage `json:"requestObject"`
}

func TestAuditLogRecordsRequest(t *testing.T) {
	t.Parallel()
	c := testcluster.Get(t)
	ns := c.Namespace(t)
	cm := &corev1.ConfigMap{
		ObjectMeta: metav1.ObjectMeta{Name: "audited-config"},
		Data:       map[string]string{"secret-ish": "must-not-be-logged"},
	}
	if _, err := c.AdminClient().CoreV1().ConfigMaps(ns).Create(t.Context(), cm, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}

	var found *auditEvent
	deadline := time.Now().Add(10 * time.Second)
	for found == nil && time.Now().Before(deadline) {
		found = findAuditEvent(t, c.AuditLogPath(), func(e *auditEvent) bool {
			return e.ObjectRef.Namespace == ns && e.ObjectRef.Name == "audited-config" && e.Verb == "create"
		})
		if found == nil {
			time.Sleep(50 * time.Millisecond)
		}
	}
	if found == nil {
		t.Fatalf("no create event for %s/audited-config in %s", ns, c.AuditLogPath())
	}
	want := auditEvent{APIVersion: "audit.k8s.io/v1", Kind: "Event", Level: "Metadata", Stage: "ResponseComplete", Verb: "create"}
	want.User.Username = testcluster.AdminUser
	want.SourceIPs = []string{"127.0.0.1"}
	want.ObjectRef.Resource, want.ObjectRef.Namespace, want.ObjectRef.Name = "configmaps", ns, "audited-config"
	want.ResponseStatus.Code = 201
	got := *found
	got.RequestObject = nil
	gotJSON, _ := json.Marshal(got)
	wantJSON, _ := json.Marshal(want)
	if string(gotJSON) != string(wantJSON) {
		t.Errorf("audit event:\n got  %s\n want %s", gotJSON, wantJSON)
	}
	// The default policy keeps config map bodies out of the log.
	if found.RequestObject != nil {
		t.Errorf("config map body logged: %s", found.RequestObject)
	}
}

func findAuditEvent(t *testing.T, path string, match func(*auditEvent) bool) *auditEvent {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64<<10), 16<<20)
	for sc.Scan() {
		var e auditEvent
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			continue // a line still being written
		}
		if match(&e) {
			return &e
		}
	}
	return nil
}
