package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
)

type limitKey struct{}

// limitBody caps every request body at max: reading past it fails with an
// *http.MaxBytesError, so a huge body costs at most max bytes of memory.
// The limit rides in the context for ReadBody.
func limitBody(next http.Handler, max int64) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, max)
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), limitKey{}, max)))
	})
}

// ErrTooLarge is returned by ReadBody for a body over the server's limit;
// the 413 response has then been written.
var ErrTooLarge = errors.New("request body too large")

// ReadBody reads a request body under the server's limit. A body over the
// limit is answered 413 here, without reading it when its length is
// declared, and ErrTooLarge returned: the handler then just returns.
func ReadBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	if max, ok := r.Context().Value(limitKey{}).(int64); ok && r.ContentLength > max {
		tooLarge(w, max)
		return nil, ErrTooLarge
	}
	body, err := io.ReadAll(r.Body)
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		tooLarge(w, mbe.Limit)
		return nil, ErrTooLarge
	}
	return body, err
}

func tooLarge(w http.ResponseWriter, max int64) {
	// The unread rest of the body is not worth keeping the connection for.
	w.Header().Set("Connection", "close")
	http.Error(w, fmt.Sprintf("request body is larger than the limit of %d bytes (--max-request-bytes)", max), http.StatusRequestEntityTooLarge)
}
