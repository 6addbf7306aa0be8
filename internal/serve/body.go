package serve

import (
	"errors"
	"fmt"
	"io"
	"net/http"
)

// limitBody refuses a request whose declared length is over max at once,
// and caps the body of one that declares none (chunked) so that reading
// past max fails with an *http.MaxBytesError (see ReadBody).
func limitBody(next http.Handler, max int64) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > max {
			tooLarge(w, max)
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, max)
		next.ServeHTTP(w, r)
	})
}

// ErrTooLarge is returned by ReadBody for a body over the server's limit;
// the response has then been written.
var ErrTooLarge = errors.New("request body too large")

// ReadBody reads a request body under the server's limit. Over the limit
// it answers 413 itself and returns ErrTooLarge; the handler then just
// returns.
func ReadBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	body, err := io.ReadAll(r.Body)
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		tooLarge(w, mbe.Limit)
		return nil, ErrTooLarge
	}
	return body, err
}

func tooLarge(w http.ResponseWriter, max int64) {
	http.Error(w, fmt.Sprintf("request body is larger than the limit of %d bytes (--max-request-bytes)", max), http.StatusRequestEntityTooLarge)
}
