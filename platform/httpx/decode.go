package httpx

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/goccy/go-json"
)

// Decode reads a request body, a JSON object, into v, as the API's contract
// says: every name in required must be there, and no name v has no field
// for. An empty body stands for {}. When the body breaks the contract it
// answers and returns false: 413 when it is larger than the request's
// Limits (see WithLimits; 1 MB by default), 415 when it is not sent as
// application/json, 400 naming what is wrong when it is not UTF-8, not one
// JSON object, has a name twice in an object, a decimal out of bounds (more
// than 65 digits or an exponent beyond ±65 by default, refused before it
// is parsed), lacks a required member or has an unknown one. Its work is
// linear in the body's length.
func Decode(w http.ResponseWriter, r *http.Request, v any, required ...string) bool {
	limits := limitsOf(r)
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limits.MaxBodyBytes))
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
	} else if err := jsonContent(r.Header.Get("Content-Type")); err != nil {
		w.Header().Set("Accept-Post", "application/json")
		WriteProblem(w, r, http.StatusUnsupportedMediaType, err.Error())
		return false
	}
	if !utf8.Valid(body) {
		WriteProblem(w, r, http.StatusBadRequest, "the body is not UTF-8")
		return false
	}
	if err := validate(body, v, limits); err != nil {
		WriteProblem(w, r, http.StatusBadRequest, err.Error())
		return false
	}
	if err := decodeObject(body, v, required); err != nil {
		WriteProblem(w, r, http.StatusBadRequest, err.Error())
		return false
	}
	return true
}

// jsonContent checks that a body's Content-Type is JSON in UTF-8:
// application/json, or a type ending +json, with no charset or utf-8.
func jsonContent(contentType string) error {
	media, params, err := mime.ParseMediaType(contentType)
	if contentType == "" || err != nil || media != "application/json" && !(strings.HasPrefix(media, "application/") && strings.HasSuffix(media, "+json")) {
		return fmt.Errorf("the body must be sent as application/json, not %q", contentType)
	}
	if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") {
		return fmt.Errorf("the body must be UTF-8, not %s", cs)
	}
	return nil
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
