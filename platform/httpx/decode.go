package httpx

import (
	"errors"
	"fmt"
	"github.com/goccy/go-json"
	"io"
	"net/http"
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
	switch {
	case err == nil || errors.Is(err, io.EOF):
		return true
	case errors.As(err, &tooBig):
		WriteProblem(w, r, http.StatusRequestEntityTooLarge, fmt.Sprintf("the body is larger than %d bytes", tooBig.Limit))
	default:
		WriteProblem(w, r, http.StatusBadRequest, "invalid JSON body: "+err.Error())
	}
	return false
}
