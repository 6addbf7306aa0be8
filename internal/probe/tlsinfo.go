package probe

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	"regexp"
	"strings"
	"time"

	"github.com/kubeward/kubeward/internal/check"
)

// Cert is what the probe records of a server certificate.
type Cert struct {
	Subject  string    `json:"subject"`
	Issuer   string    `json:"issuer"`
	SANs     []string  `json:"sans,omitempty"`
	NotAfter time.Time `json:"notAfter"`
	// notBefore and emails serve the certificate findings.
	notBefore time.Time
	emails    []string
}

// handshake is the outcome of a TLS handshake without a client certificate.
type handshake struct {
	TLS bool  // the server speaks TLS
	Err error // a transport failure: timeout, reset (not "speaks plain text")
	// CertRequested: the server asked for a client certificate.
	CertRequested bool
	// CertRequired: the server refused to go on without one (the alert
	// arrives at the handshake in TLS 1.2, at the first read in TLS 1.3).
	CertRequired bool
	Alert        string // the server's TLS alert, when it sent one
	Cert         *Cert
	Version      uint16
}

// tlsHandshake connects to addr, shakes hands without a client certificate
// and reads once, so that a TLS 1.3 server's refusal of the missing
// certificate arrives.
func tlsHandshake(ctx context.Context, addr string, timeout time.Duration) handshake {
	var h handshake
	d := net.Dialer{Timeout: timeout}
	raw, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		h.Err = err
		return h
	}
	defer raw.Close()
	_ = raw.SetDeadline(time.Now().Add(timeout))
	conn := tls.Client(raw, &tls.Config{
		InsecureSkipVerify: true, //nolint:gosec // the probe records the certificate, it does not trust it
		GetClientCertificate: func(*tls.CertificateRequestInfo) (*tls.Certificate, error) {
			h.CertRequested = true
			return &tls.Certificate{}, nil // none: that is the point
		},
	})
	err = conn.HandshakeContext(ctx)
	if err == nil {
		h.TLS = true
		st := conn.ConnectionState()
		h.Version = st.Version
		if len(st.PeerCertificates) > 0 {
			h.Cert = certOf(st.PeerCertificates[0])
		}
		// TLS 1.3: a server requiring a certificate says so after the
		// handshake. A server that waits for a request says nothing: the
		// short read deadline ends the wait.
		if h.CertRequested {
			_ = raw.SetReadDeadline(time.Now().Add(min(timeout, 300*time.Millisecond)))
			_, err = conn.Read(make([]byte, 1))
		} else {
			err = nil
		}
	}
	var alert tls.AlertError
	var rec tls.RecordHeaderError
	switch {
	case err == nil:
	case errors.As(err, &alert) || strings.Contains(err.Error(), "remote error: tls:"):
		h.TLS = true
		h.Alert = strings.TrimPrefix(err.Error(), "remote error: ")
		h.CertRequired = strings.Contains(h.Alert, "certificate required") || strings.Contains(h.Alert, "bad certificate") ||
			strings.Contains(h.Alert, "handshake failure") && h.CertRequested
	case errors.As(err, &rec):
		// A plain-text answer to the ClientHello: not TLS, not an error.
	case h.TLS:
		// Handshake done, the read timed out or the connection closed
		// quietly: the server did not insist on a certificate.
		var ne net.Error
		if !(errors.As(err, &ne) && ne.Timeout()) && !isEOF(err) {
			h.Err = err
		}
	default:
		h.Err = err
	}
	return h
}

func isEOF(err error) bool {
	return err != nil && (err.Error() == "EOF" || strings.HasSuffix(err.Error(), ": EOF"))
}

var emailPattern = regexp.MustCompile(`[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}`)

func certOf(c *x509.Certificate) *Cert {
	out := &Cert{
		Subject: c.Subject.String(), Issuer: c.Issuer.String(),
		NotAfter: c.NotAfter.UTC(), notBefore: c.NotBefore.UTC(),
	}
	out.SANs = append(out.SANs, c.DNSNames...)
	for _, ip := range c.IPAddresses {
		out.SANs = append(out.SANs, ip.String())
	}
	for _, u := range c.URIs {
		out.SANs = append(out.SANs, u.String())
	}
	out.SANs = append(out.SANs, c.EmailAddresses...)
	out.emails = append(out.emails, c.EmailAddresses...)
	out.emails = append(out.emails, emailPattern.FindAllString(c.Subject.String(), -1)...)
	return out
}

// evidence records the certificate on a finding.
func (c *Cert) evidence() check.Evidence {
	return check.Evidence{
		Source: "tls", Setting: "server certificate",
		Value:  "subject " + c.Subject + "; issuer " + c.Issuer + "; expires " + c.NotAfter.Format(time.RFC3339),
		Detail: "SANs: " + strings.Join(c.SANs, ", "),
	}
}
