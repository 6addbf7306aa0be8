package probe

import (
	"context"
	"time"
)

// IdentifyAsIfOnPort identifies what answers at addr as if it listened on
// port: tests reach the port hints of 10257 and 10259 with loopback
// fixtures that listen elsewhere.
func IdentifyAsIfOnPort(ctx context.Context, addr string, port int, timeout time.Duration) Kind {
	s := &Service{endpoint: endpoint{Host: "127.0.0.1", Port: port}, Scheme: "https", client: newClient("https", addr, timeout)}
	defer s.client.close()
	return s.classify(ctx, s.client.get(ctx, "/version"))
}
