package probe

import (
	"fmt"
	"net"
	"net/netip"
	"strconv"
	"strings"
)

// Target is one host to probe and, when the user named it, its one port
// and what is expected to answer there.
type Target struct {
	Host string
	Port int    // 0: the port list
	Kind string // "" (identify), or a Kind from a kind:// prefix
	// Node is the node a --nodes target was read from.
	Node string
	// Unprobed, when set, says why this target cannot be probed (a node
	// that reports no InternalIP or ExternalIP): nothing is connected to,
	// and Run reports it as not evaluated on the Node.
	Unprobed string
}

// MaxPrefixBits is the smallest CIDR prefix accepted without
// --yes-scan-large-range: a /16 (65,536 addresses).
const MaxPrefixBits = 16

// ParseTarget reads HOST, HOST:PORT, [IPv6]:PORT or KIND://HOST:PORT,
// where KIND is a service kind (apiserver, kubelet, etcd, ...): the probe
// then trusts it instead of identifying the service, which matters for a
// service that answers nothing without a client certificate.
func ParseTarget(s string) (Target, error) {
	var t Target
	if kind, rest, ok := strings.Cut(s, "://"); ok {
		if !knownKind(kind) {
			return t, fmt.Errorf("target %q: unknown kind %q (want one of %s)", s, kind, strings.Join(kindNames(), ", "))
		}
		t.Kind, s = kind, rest
	}
	if s == "" {
		return t, fmt.Errorf("empty target")
	}
	host, port, err := net.SplitHostPort(s)
	if err != nil {
		// No port: a bare host name or address (IPv6 without brackets too).
		host, port = strings.Trim(s, "[]"), ""
	}
	if host == "" || strings.ContainsAny(host, "/ ") {
		return t, fmt.Errorf("target %q: not a host, host:port or kind://host:port (use --cidr for ranges)", s)
	}
	t.Host = host
	if port != "" {
		p, err := strconv.Atoi(port)
		if err != nil || p < 1 || p > 65535 {
			return t, fmt.Errorf("target %q: port %q is not a number from 1 to 65535", s, port)
		}
		t.Port = p
	}
	if t.Kind != "" && t.Port == 0 {
		return t, fmt.Errorf("target %q: a kind:// target needs a port", s)
	}
	return t, nil
}

// ExpandCIDR lists the addresses of a CIDR, refusing a range larger than
// a /16 unless large is set. Network and broadcast addresses of IPv4
// ranges wider than a /31 are left out: nothing answers there.
func ExpandCIDR(cidr string, large bool) ([]string, error) {
	p, err := netip.ParsePrefix(cidr)
	if err != nil {
		return nil, fmt.Errorf("--cidr %q: %w", cidr, err)
	}
	p = p.Masked()
	hostBits := p.Addr().BitLen() - p.Bits()
	if hostBits > 32-MaxPrefixBits && !large {
		return nil, fmt.Errorf("--cidr %s has 2^%d addresses, more than a /%d; pass --yes-scan-large-range if you really mean it", cidr, hostBits, MaxPrefixBits)
	}
	if hostBits > 24 {
		return nil, fmt.Errorf("--cidr %s: ranges larger than 2^24 addresses are not supported", cidr)
	}
	var out []string
	for a := p.Addr(); p.Contains(a); a = a.Next() {
		out = append(out, a.String())
		if !a.Next().IsValid() {
			break
		}
	}
	if p.Addr().Is4() && hostBits > 1 {
		out = out[1 : len(out)-1]
	}
	return out, nil
}
