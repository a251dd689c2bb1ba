package httpx

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/goccy/go-json"
)

// MaxBodyBytes bounds a request body.
const MaxBodyBytes = 1 << 20

// Decode reads a JSON request body into v; an empty body leaves v as it is.
// When the body is unreadable it answers 400, or 413 when too large, and
// returns false.
func Decode(w http.ResponseWriter, r *http.Request, v any) bool {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, MaxBodyBytes))
	err := dec.Decode(v)
	if err == nil && dec.More() {
		err = errors.New("the body holds more than one JSON value")
	}
	var tooBig *http.MaxBytesError
	var badTime *time.ParseError
	switch {
	case err == nil || errors.Is(err, io.EOF):
		return true
	case errors.As(err, &tooBig):
		WriteProblem(w, r, http.StatusRequestEntityTooLarge, fmt.Sprintf("the body is larger than %d bytes", tooBig.Limit))
	case errors.As(err, &badTime):
		// Go's message quotes its layout, which means nothing to a caller.
		WriteProblem(w, r, http.StatusBadRequest, fmt.Sprintf("%q is not a time such as 2026-11-24T10:00:00Z (RFC 3339)", badTime.Value))
	default:
		WriteProblem(w, r, http.StatusBadRequest, "invalid JSON body: "+err.Error())
	}
	return false
}
