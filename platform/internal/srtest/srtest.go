// Package srtest is the fake schema registry the runtime's tests run
// against: franz-go's srfake, which implements the registry's REST API but
// registers any schema, plus the check a registry makes when a JSON schema
// is registered under a subject whose compatibility is not NONE: the new
// schema must read what the subject's latest one allowed (BACKWARD). It
// checks the part of JSON Schema compatibility generated schemas use: with
// additionalProperties false, a property removed or a required property
// added is incompatible, and so is a property whose type changed.
package srtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"

	"github.com/twmb/franz-go/pkg/sr"
	"github.com/twmb/franz-go/pkg/sr/srfake"
)

// New starts a fake registry that refuses incompatible schemas with 409,
// as a registry does; Close it.
func New() *srfake.Registry {
	reg := srfake.New()
	var mu sync.Mutex
	levels := map[string]string{} // by subject, set with PUT /config/{subject}
	reg.Intercept(func(w http.ResponseWriter, req *http.Request) bool {
		body, err := io.ReadAll(req.Body)
		if err != nil {
			return false
		}
		req.Body = io.NopCloser(bytes.NewReader(body))
		if subject, ok := strings.CutPrefix(req.URL.Path, "/config/"); ok && req.Method == http.MethodPut {
			var c struct{ Compatibility string }
			if json.Unmarshal(body, &c) == nil {
				mu.Lock()
				levels[subject] = c.Compatibility
				mu.Unlock()
			}
			return false
		}
		subject, prefixed := strings.CutPrefix(req.URL.Path, "/subjects/")
		subject, suffixed := strings.CutSuffix(subject, "/versions")
		if !prefixed || !suffixed || req.Method != http.MethodPost {
			return false
		}
		mu.Lock()
		level := levels[subject]
		mu.Unlock()
		var s sr.Schema
		if level == "NONE" || json.Unmarshal(body, &s) != nil {
			return false
		}
		if err := Backward(latest(reg, subject), s.Schema); err != nil {
			w.Header().Set("Content-Type", "application/vnd.schemaregistry.v1+json")
			w.WriteHeader(http.StatusConflict)
			_ = json.NewEncoder(w).Encode(map[string]any{"error_code": 409, "message": "Schema being registered is incompatible with an earlier schema for subject \"" + subject + "\": " + err.Error()})
			return true
		}
		return false
	})
	return reg
}

// latest is the schema of subject's latest version, "" when it has none.
func latest(reg *srfake.Registry, subject string) string {
	last := ""
	for v := 1; ; v++ {
		s, ok := reg.GetSchema(subject, v)
		if !ok {
			return last
		}
		last = s.Schema.Schema
	}
}

// schema is the part of a JSON Schema the check reads.
type schema struct {
	Properties           map[string]json.RawMessage `json:"properties"`
	Required             []string                   `json:"required"`
	AdditionalProperties *bool                      `json:"additionalProperties"`
}

// Backward says why a value valid against old may be invalid against
// next, nil when none is (or old is "").
func Backward(old, next string) error {
	if old == "" {
		return nil
	}
	var o, n schema
	if err := json.Unmarshal([]byte(old), &o); err != nil {
		return err
	}
	if err := json.Unmarshal([]byte(next), &n); err != nil {
		return err
	}
	for _, r := range n.Required {
		if !slices.Contains(o.Required, r) {
			return fmt.Errorf("the property %q is required but was not", r)
		}
	}
	for name, p := range o.Properties {
		q, ok := n.Properties[name]
		if !ok {
			if n.AdditionalProperties != nil && !*n.AdditionalProperties {
				return fmt.Errorf("the property %q was removed, and no other property is allowed", name)
			}
			continue
		}
		var pt, qt struct{ Type any }
		_ = json.Unmarshal(p, &pt)
		_ = json.Unmarshal(q, &qt)
		if fmt.Sprint(pt.Type) != fmt.Sprint(qt.Type) {
			return fmt.Errorf("the type of property %q changed from %v to %v", name, pt.Type, qt.Type)
		}
	}
	return nil
}
