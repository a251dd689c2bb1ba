// Package apitest checks a service's HTTP API as its clients see it: the
// routes of each aggregate and read model answer as the generator lays
// them out, with problem JSON for what goes wrong. The generated API tests
// call it with the service's routes and examples.
package apitest

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// Server serves an API to a test.
type Server struct {
	srv *httptest.Server
}

// Serve serves handler until the test ends.
func Serve(t testing.TB, handler http.Handler) *Server {
	t.Helper()
	srv := httptest.NewServer(handler)
	t.Cleanup(srv.Close)
	return &Server{srv: srv}
}

// Call sends a request with body as JSON, if any, and decodes the JSON
// answer into a map, failing the test if it is not JSON.
func (s *Server) Call(t testing.TB, method, path, body string) (*http.Response, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(method, s.srv.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := s.srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var answer map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&answer); err != nil {
		t.Fatalf("%s %s: the answer is not JSON: %v", method, path, err)
	}
	return resp, answer
}

// WantProblem fails the test unless an answer is a problem details object
// (RFC 9457) with the status.
func WantProblem(t testing.TB, resp *http.Response, answer map[string]any, status int) {
	t.Helper()
	if resp.StatusCode != status {
		t.Fatalf("%s %s: status %d, want %d (%v)", resp.Request.Method, resp.Request.URL.Path, resp.StatusCode, status, answer)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/problem+json" {
		t.Fatalf("%s %s: Content-Type %q, want application/problem+json", resp.Request.Method, resp.Request.URL.Path, ct)
	}
	if answer["status"] != float64(status) {
		t.Fatalf("%s %s: problem status %v, want %d", resp.Request.Method, resp.Request.URL.Path, answer["status"], status)
	}
}

// Body is v as a request body, failing the test if it cannot be written.
func Body(t testing.TB, v any) string {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// CheckHealth checks the liveness probe.
func (s *Server) CheckHealth(t testing.TB) {
	t.Helper()
	if resp, answer := s.Call(t, http.MethodGet, "/healthz", ""); resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /healthz: status %d (%v)", resp.StatusCode, answer)
	}
}

// CheckEmptyReadModel checks the routes of a read model at base on a
// service with no rows: a row of missingKey is 404, the first page has no
// items, a limit of 0 is 400.
func (s *Server) CheckEmptyReadModel(t testing.TB, base, missingKey string) {
	t.Helper()
	resp, answer := s.Call(t, http.MethodGet, base+"/"+missingKey, "")
	WantProblem(t, resp, answer, http.StatusNotFound)
	resp, answer = s.Call(t, http.MethodGet, base+"?limit=10", "")
	if items, ok := answer["items"].([]any); resp.StatusCode != http.StatusOK || !ok || len(items) != 0 {
		t.Fatalf("GET %s: status %d, %v; want 200 and no items", base, resp.StatusCode, answer)
	}
	resp, answer = s.Call(t, http.MethodGet, base+"?limit=0", "")
	WantProblem(t, resp, answer, http.StatusBadRequest)
}
