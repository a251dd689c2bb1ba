package authtest

import (
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"eventstorm/platform/auth"
)

// recorder is a testing.TB that keeps the failures instead of failing.
type recorder struct {
	testing.TB
	failures []string
}

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) {
	r.failures = append(r.failures, fmt.Sprintf(format, args...))
}

// callThrough serves a request with the token through h.
func callThrough(h http.HandlerFunc) func(string) int {
	return func(token string) int {
		req := httptest.NewRequest("POST", "/x", nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		rec := httptest.NewRecorder()
		h(rec, req)
		return rec.Code
	}
}

func ok(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusCreated) }

// TestCheckGuarded passes a guarded route and fails an open one and one
// that lets a caller without the role through.
func TestCheckGuarded(t *testing.T) {
	i := NewIssuer(t)
	guard, err := auth.New(t.Context(), i.Config(), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	CheckGuarded(t, i, "customer", callThrough(guard.Command("customer", ok)))
	CheckGuarded(t, i, "", callThrough(guard.Read(ok)))

	open := &recorder{TB: t}
	CheckGuarded(open, i, "customer", callThrough(ok))
	if len(open.failures) != 5 {
		t.Errorf("an open route: %d failures %q, want 5 (every caller but the last let in)", len(open.failures), open.failures)
	}
	anyRole := &recorder{TB: t}
	CheckGuarded(anyRole, i, "customer", callThrough(guard.Command("", ok)))
	if len(anyRole.failures) != 1 {
		t.Errorf("a route not checking the role: failures %q, want the one without the role", anyRole.failures)
	}
}

// TestStatus sends the token and the body as a client would.
func TestStatus(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer tok" || r.Header.Get("Content-Type") != "application/json" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		w.WriteHeader(http.StatusAccepted)
	}))
	defer srv.Close()
	if got := Status(t, srv.Client(), "POST", srv.URL, `{}`, "tok"); got != http.StatusAccepted {
		t.Errorf("Status = %d, want 202", got)
	}
	if got := Status(t, srv.Client(), "POST", srv.URL, `{}`, ""); got != http.StatusUnauthorized {
		t.Errorf("Status without a token = %d, want 401", got)
	}
}
