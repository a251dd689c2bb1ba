package httpx

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/goccy/go-json"
)

// MaxBodyBytes bounds a request body.
const MaxBodyBytes = 1 << 20

// Decode reads a request body, a JSON object, into v, as the API's contract
// says: every name in required must be there, and no name v has no field
// for. An empty body stands for {}. When the body breaks the contract it
// answers 400 (413 when too large) naming what is wrong, and returns false.
func Decode(w http.ResponseWriter, r *http.Request, v any, required ...string) bool {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBodyBytes))
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		WriteProblem(w, r, http.StatusRequestEntityTooLarge, fmt.Sprintf("the body is larger than %d bytes", tooBig.Limit))
		return false
	}
	if err != nil {
		WriteProblem(w, r, http.StatusBadRequest, "the body could not be read: "+err.Error())
		return false
	}
	if len(bytes.TrimSpace(body)) == 0 {
		body = []byte("{}")
	}
	if err := decodeObject(body, v, required); err != nil {
		WriteProblem(w, r, http.StatusBadRequest, err.Error())
		return false
	}
	return true
}

// decodeObject decodes body, which must hold one JSON object with the
// required members and no unknown one, into v.
func decodeObject(body []byte, v any, required []string) error {
	var members map[string]json.RawMessage
	if err := json.Unmarshal(body, &members); err != nil || members == nil {
		return errors.New("the body must be a JSON object")
	}
	var missing []string
	for _, name := range required {
		if _, ok := members[name]; !ok {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("the body lacks %s, which %s required", strings.Join(missing, ", "), plural(len(missing), "is", "are"))
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	var badTime *time.ParseError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &badTime):
		// Go's message quotes its layout, which means nothing to a caller.
		return fmt.Errorf("%q is not a time such as 2026-11-24T10:00:00Z (RFC 3339)", badTime.Value)
	}
	return fmt.Errorf("invalid JSON body: %w", err)
}

// plural is one or many, after n.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
