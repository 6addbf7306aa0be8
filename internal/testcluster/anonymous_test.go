package testcluster_test

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"testing"

	"github.com/kubeward/kubeward/internal/testcluster"
)

func TestAnonymousAuthOn(t *testing.T) {
	t.Parallel()
	c := testcluster.Get(t)

	code, body := anonymousGet(t, c, "/version")
	if code != http.StatusOK {
		t.Fatalf("anonymous GET /version: %d %s", code, body)
	}
	var v struct {
		GitVersion string `json:"gitVersion"`
	}
	if err := json.Unmarshal(body, &v); err != nil || v.GitVersion != "v1.37.2" {
		t.Errorf("/version gitVersion = %q (%v), want v1.37.2", v.GitVersion, err)
	}

	code, body = anonymousGet(t, c, "/api")
	if code != http.StatusForbidden {
		t.Fatalf("anonymous GET /api: %d %s, want 403", code, body)
	}
	var status struct {
		Message string `json:"message"`
	}
	_ = json.Unmarshal(body, &status)
	if want := `forbidden: User "system:anonymous" cannot get path "/api"`; status.Message != want {
		t.Errorf("/api message = %q, want %q", status.Message, want)
	}
}

// A second control plane of its own: this also covers Start and Stop
// outside Main.
func TestAnonymousAuthOff(t *testing.T) {
	t.Parallel()
	c, err := testcluster.Start(t.Context(), testcluster.Options{DisableAnonymousAuth: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("second control plane ready in %v", c.StartupTime())
	defer func() {
		if err := c.Stop(); err != nil {
			t.Errorf("Stop: %v", err)
		}
		if err := c.Stop(); err != nil {
			t.Errorf("second Stop: %v", err)
		}
		if _, err := os.Stat(c.Dir()); !os.IsNotExist(err) {
			t.Errorf("%s still there after Stop (stat: %v)", c.Dir(), err)
		}
	}()

	for _, path := range []string{"/version", "/api"} {
		if code, body := anonymousGet(t, c, path); code != http.StatusUnauthorized {
			t.Errorf("anonymous GET %s: %d %s, want 401", path, code, body)
		}
	}
	// The admin still gets in.
	if _, err := c.AdminClient().Discovery().ServerVersion(); err != nil {
		t.Errorf("admin /version: %v", err)
	}
}

func anonymousGet(t *testing.T, c *testcluster.Cluster, path string) (int, []byte) {
	t.Helper()
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(c.CAPEM())
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	defer client.CloseIdleConnections()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, c.Host()+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, body
}
