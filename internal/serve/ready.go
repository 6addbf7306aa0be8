package serve

import (
	"fmt"
	"net/http"
	"strings"
)

type readyCheck struct {
	name string
	fn   func() error
}

// AddReadyCheck makes /readyz fail while fn returns an error, e.g. until
// a cache has synced. Add checks before Serve.
func (s *Server) AddReadyCheck(name string, fn func() error) {
	s.ready = append(s.ready, readyCheck{name, fn})
}

// serveReady answers 200 when every check passes and the server is not
// shutting down, else 503 naming what is not ready.
func (s *Server) serveReady(w http.ResponseWriter, _ *http.Request) {
	var failed []string
	if s.stopping.Load() {
		failed = append(failed, "shutting down")
	}
	for _, c := range s.ready {
		if err := c.fn(); err != nil {
			failed = append(failed, c.name+": "+err.Error())
		}
	}
	if len(failed) > 0 {
		http.Error(w, "not ready: "+strings.Join(failed, "; "), http.StatusServiceUnavailable)
		return
	}
	fmt.Fprintln(w, "ok")
}
