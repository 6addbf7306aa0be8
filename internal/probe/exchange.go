package probe

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/kubeward/kubeward/internal/check"
)

// maxBody bounds what is read of any answer: probes look at shapes, and a
// hostile target must not make the prober hold gigabytes.
const maxBody = 1 << 20

// exchange is one request and what came back: the evidence a finding rests on.
type exchange struct {
	Method string
	URL    string
	Auth   string // "" (none) or "bearer token"
	Status int    // 0 when no answer
	Reason string // "403 Forbidden", or the transport error
	Body   []byte
	Header http.Header
	Err    error
}

// OK reports a 2xx answer.
func (x *exchange) OK() bool { return x.Err == nil && x.Status >= 200 && x.Status < 300 }

// Refused reports a 401 or 403: evidence of protection.
func (x *exchange) Refused() bool {
	return x.Err == nil && (x.Status == http.StatusUnauthorized || x.Status == http.StatusForbidden)
}

// Evidence is the request and the answer's status, as findings carry them.
func (x *exchange) Evidence() check.Evidence {
	req := x.Method + " " + x.URL
	if x.Auth != "" {
		req += " (" + x.Auth + ")"
	}
	ev := check.Evidence{Source: "http", Setting: req, Value: x.Reason}
	if x.Err == nil && len(x.Body) > 0 {
		ev.Detail = excerpt(x.Body)
	}
	return ev
}

// Describe is "GET URL answered 403 Forbidden", for messages.
func (x *exchange) Describe() string {
	if x.Err != nil {
		return fmt.Sprintf("%s %s failed: %s", x.Method, x.URL, x.Reason)
	}
	return fmt.Sprintf("%s %s answered %s", x.Method, x.URL, x.Reason)
}

// excerpt is the start of a body on one line, for evidence.
func excerpt(b []byte) string {
	const n = 160
	s := strings.Join(strings.Fields(string(bytes.ToValidUTF8(b, []byte("?")))), " ")
	if len(s) > n {
		s = s[:n] + "…"
	}
	return s
}

// client sends the probe requests to one endpoint.
type client struct {
	http    *http.Client
	base    string // scheme://host:port
	token   string
	timeout time.Duration
}

func newClient(scheme, hostport string, timeout time.Duration) *client {
	tr := &http.Transport{
		// Probes record the certificate; they must talk to servers whose
		// certificate they cannot verify, as an attacker would.
		TLSClientConfig:       &tls.Config{InsecureSkipVerify: true}, //nolint:gosec // see above
		DialContext:           (&net.Dialer{Timeout: timeout}).DialContext,
		TLSHandshakeTimeout:   timeout,
		ResponseHeaderTimeout: timeout,
		MaxIdleConnsPerHost:   4,
		ForceAttemptHTTP2:     false,
		Proxy:                 nil, // targets are named addresses, never through a proxy from the environment
	}
	return &client{
		http: &http.Client{
			Transport: tr,
			// Redirects are answers to judge (exec and attach redirect to
			// the streaming server), never to follow.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
		base: scheme + "://" + hostport, timeout: timeout,
	}
}

// withToken is a copy of the client that sends a bearer token.
func (c *client) withToken(token string) *client {
	cp := *c
	cp.token = token
	return &cp
}

func (c *client) close() { c.http.CloseIdleConnections() }

// do sends one request, bounded by the client's timeout for the whole
// exchange, body included.
func (c *client) do(ctx context.Context, method, path, contentType string, body []byte, header ...string) *exchange {
	x := &exchange{Method: method, URL: c.base + path}
	if c.token != "" {
		x.Auth = "bearer token"
	}
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, x.URL, rd)
	if err != nil {
		x.Err, x.Reason = err, err.Error()
		return x
	}
	req.Header.Set("User-Agent", "kubeward-probe")
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		x.Err, x.Reason = err, transportError(err, c.timeout)
		return x
	}
	defer resp.Body.Close()
	x.Status, x.Reason, x.Header = resp.StatusCode, resp.Status, resp.Header
	x.Body, err = io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		x.Err, x.Reason = err, "reading the answer: "+transportError(err, c.timeout)
	}
	return x
}

func (c *client) get(ctx context.Context, path string) *exchange {
	return c.do(ctx, http.MethodGet, path, "", nil)
}

// transportError says what went wrong in words a user can act on.
func transportError(err error, timeout time.Duration) string {
	var ne net.Error
	switch {
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, os.ErrDeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return fmt.Sprintf("no answer within %s", timeout)
	case isReset(err):
		return "connection reset by the target"
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "connection closed by the target without an answer"
	}
	msg := err.Error()
	switch {
	case strings.Contains(msg, "malformed HTTP"):
		return "not an HTTP answer (" + msg[strings.LastIndex(msg, ": ")+2:] + ")"
	case strings.Contains(msg, "readLoopPeekFailLocked"), strings.Contains(msg, "unsolicited response"):
		// The target wrote before it was asked: not an HTTP server.
		return "not an HTTP answer (the target sent bytes unasked)"
	}
	return msg
}
