// Package fakeapi writes the answers of the fake APIs the runtime's test
// helpers are tested against: JSON, and problem details (RFC 9457).
package fakeapi

import (
	"encoding/json"
	"net/http"
)

// Answer writes v as JSON with the status.
func Answer(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// Problem writes a problem details object with the status.
func Problem(w http.ResponseWriter, status int) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]int{"status": status})
}
